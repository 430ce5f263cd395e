// SPDX-License-Identifier: MIT

/// The request line and header section of one request, plus what they say about the body.
///
/// `HTTPParser` finds where the head ends; this type checks it line by line and decides the body
/// framing (RFC 9112 §6.3), which is where request smuggling is won or lost: two servers that
/// disagree on where a body ends see different requests in the same bytes.
struct RequestHead {
    /// How the body is delimited (RFC 9112 §6.3).
    enum Framing: Equatable {
        /// Exactly this many bytes follow (`Content-Length`, or 0 when neither field is present).
        case length(Int)
        /// `Transfer-Encoding: chunked`.
        case chunked
    }

    var method: String
    var target: String
    var version: (major: Int, minor: Int)
    var headers: HTTPHeaders
    var path: String
    var queryItems: [(name: String, value: String)]
    var framing: Framing
    /// `Expect: 100-continue` on an HTTP/1.1 request that has a body (RFC 9110 §10.1.1).
    var expectsContinue: Bool

    /// Parses `buffer[range]`, which holds the request line, the field lines and the final empty line.
    /// Lines end with CRLF or a bare LF (see `HTTPParser`).
    static func parse(_ buffer: [UInt8], _ range: Range<Int>) -> Result<RequestHead, HTTPParseError> {
        var lines = LineIterator(buffer: buffer, position: range.lowerBound, end: range.upperBound)
        guard let requestLine = lines.next(), !requestLine.isEmpty else {
            return .failure(.malformed("empty request line"))
        }
        let start: (method: String, target: String, version: (major: Int, minor: Int))
        switch parseRequestLine(buffer, requestLine) {
        case .success(let value): start = value
        case .failure(let error): return .failure(error)
        }
        guard let (path, query) = URLComponentsDecoder.decode(target: start.target),
              start.target != "*" || start.method == "OPTIONS"
        else { return .failure(.malformed("invalid request target")) }

        var headers = HTTPHeaders()
        var fields = FramingFields()
        while let line = lines.next(), !line.isEmpty {
            switch HTTPSyntax.fieldLine(buffer, line) {
            case .success(let (name, value)):
                if let error = fields.note(buffer, name: name, value: value) { return .failure(error) }
                headers.add(name: HTTPSyntax.string(buffer, name), value: HTTPSyntax.string(buffer, value))
            case .failure(let error):
                return .failure(error)
            }
        }
        let isHTTP11 = start.version.minor >= 1
        // RFC 9112 §3.2: a request with no Host (HTTP/1.1) or several Host lines gets 400.
        if fields.hostCount > 1 || (isHTTP11 && fields.hostCount == 0) {
            return .failure(.malformed(fields.hostCount > 1 ? "several Host fields" : "missing Host"))
        }
        let framing: Framing
        switch fields.framing(isHTTP11: isHTTP11) {
        case .success(let value): framing = value
        case .failure(let error): return .failure(error)
        }
        return .success(RequestHead(
            method: start.method, target: start.target, version: start.version, headers: headers,
            path: path, queryItems: query, framing: framing,
            expectsContinue: isHTTP11 && fields.expectsContinue && framing != .length(0)))
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    private static func parseRequestLine(
        _ buffer: [UInt8], _ line: Range<Int>
    ) -> Result<(method: String, target: String, version: (major: Int, minor: Int)), HTTPParseError> {
        guard let firstSpace = line.first(where: { buffer[$0] == HTTPSyntax.space }),
              let secondSpace = (firstSpace + 1..<line.upperBound).first(where: { buffer[$0] == HTTPSyntax.space })
        else { return .failure(.malformed("request line is not `METHOD target HTTP/1.1`")) }
        let method = line.lowerBound..<firstSpace
        let target = firstSpace + 1..<secondSpace
        let version = secondSpace + 1..<line.upperBound
        guard HTTPSyntax.isToken(buffer, method) else { return .failure(.malformed("invalid method")) }
        // RFC 9112 §3.2: the target is ASCII without spaces or control characters; non-ASCII must be escaped.
        guard !target.isEmpty, target.allSatisfy({ (0x21...0x7E).contains(buffer[$0]) }) else {
            return .failure(.malformed("invalid request target"))
        }
        // RFC 9112 §2.3: `HTTP-version = "HTTP" "/" DIGIT "." DIGIT`, case-sensitive.
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard version.count == 8, buffer[version.prefix(5)].elementsEqual("HTTP/".utf8),
              digits.contains(buffer[version.lowerBound + 5]), buffer[version.lowerBound + 6] == UInt8(ascii: "."),
              digits.contains(buffer[version.lowerBound + 7])
        else { return .failure(.malformed("invalid HTTP version")) }
        let major = Int(buffer[version.lowerBound + 5] - UInt8(ascii: "0"))
        let minor = Int(buffer[version.lowerBound + 7] - UInt8(ascii: "0"))
        guard major == 1 else { return .failure(.unsupportedVersion) }
        return .success((HTTPSyntax.string(buffer, method), HTTPSyntax.string(buffer, target), (major, minor)))
    }
}

/// Walks the lines of a head: each line without its LF and without a CR just before the LF.
private struct LineIterator {
    let buffer: [UInt8]
    var position: Int
    let end: Int

    mutating func next() -> Range<Int>? {
        guard position < end, let lf = (position..<end).first(where: { buffer[$0] == HTTPSyntax.lf }) else {
            return nil
        }
        let contentEnd = lf > position && buffer[lf - 1] == HTTPSyntax.cr ? lf - 1 : lf
        defer { position = lf + 1 }
        return position..<contentEnd
    }
}

/// The fields that decide framing, collected while the head is read.
private struct FramingFields {
    var hostCount = 0
    var contentLength: Int?
    var sawTransferEncoding = false
    var codingCount = 0
    var chunkedCount = 0
    var lastCodingIsChunked = false
    var expectsContinue = false

    /// Records `name: value` if it matters for framing; returns an error for an invalid value.
    mutating func note(_ buffer: [UInt8], name: Range<Int>, value: Range<Int>) -> HTTPParseError? {
        switch name.count {
        case 4 where HTTPSyntax.equalsLowercased(buffer, name, "host"):
            hostCount += 1
        case 6 where HTTPSyntax.equalsLowercased(buffer, name, "expect"):
            if HTTPSyntax.equalsLowercased(buffer, value, "100-continue") { expectsContinue = true }
        case 14 where HTTPSyntax.equalsLowercased(buffer, name, "content-length"):
            // RFC 9110 §8.6: `1*DIGIT`. Several lines must agree; anything else is a smuggling attempt.
            guard !value.isEmpty, value.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[$0]) })
            else { return .malformed("Content-Length is not a number") }
            var length = 0
            for index in value {
                // Saturate instead of overflowing: any huge value is simply "too large" later.
                length = length > Int.max / 20 ? Int.max / 2 : length * 10 + Int(buffer[index] - UInt8(ascii: "0"))
            }
            if let contentLength, contentLength != length { return .malformed("conflicting Content-Length fields") }
            contentLength = length
        case 17 where HTTPSyntax.equalsLowercased(buffer, name, "transfer-encoding"):
            sawTransferEncoding = true
            // A list (RFC 9110 §5.6.1): empty elements are allowed and skipped.
            var elementStart = value.lowerBound
            for index in value.lowerBound...value.upperBound where index == value.upperBound || buffer[index] == UInt8(ascii: ",") {
                let element = HTTPSyntax.trimmed(buffer, elementStart..<index)
                elementStart = index + 1
                guard !element.isEmpty else { continue }
                lastCodingIsChunked = HTTPSyntax.equalsLowercased(buffer, element, "chunked")
                if lastCodingIsChunked { chunkedCount += 1 }
                codingCount += 1
            }
        default:
            break
        }
        return nil
    }

    /// RFC 9112 §6.3, in order: Transfer-Encoding wins, but together with Content-Length it is an
    /// attack, so we refuse both; chunked must be last and appear once; other codings are unsupported.
    func framing(isHTTP11: Bool) -> Result<RequestHead.Framing, HTTPParseError> {
        guard sawTransferEncoding else { return .success(.length(contentLength ?? 0)) }
        // RFC 9112 §6.1: HTTP/1.0 has no Transfer-Encoding; such framing is faulty.
        guard isHTTP11 else { return .failure(.malformed("Transfer-Encoding in an HTTP/1.0 request")) }
        guard contentLength == nil else { return .failure(.malformed("both Content-Length and Transfer-Encoding")) }
        // RFC 9112 §6.3: if chunked is not the final coding, the length is unknowable: 400.
        guard lastCodingIsChunked, chunkedCount == 1 else {
            return .failure(.malformed("chunked must be the final transfer coding, once"))
        }
        // `chunked` is last and appears once; any coding before it (gzip, ...) is not implemented here.
        return codingCount == 1 ? .success(.chunked) : .failure(.unsupportedTransferCoding)
    }
}
