// SPDX-License-Identifier: MIT

/// Decodes a `Transfer-Encoding: chunked` body incrementally (RFC 9112 §7.1).
///
/// ```text
/// 5;name=value\r\n      chunk-size in hex, optional chunk extensions
/// hello\r\n             chunk-data, then CRLF
/// 0\r\n                 last-chunk
/// X-Checksum: 1\r\n     optional trailer fields
/// \r\n                  end of the body
/// ```
///
/// Unlike the head, every line here must end with CRLF: chunk framing is where request-smuggling
/// bugs live (two servers reading the same bytes as different chunks), so there is no leniency.
/// Chunk extensions are validated and dropped (no one uses them), but their size counts toward the
/// body limit, so a client cannot send megabytes of extensions around one-byte chunks
/// (the attack behind CVE-2024-22019 in Node.js).
struct ChunkedBodyDecoder {
    /// What one call to ``consume(_:from:)`` achieved.
    enum Progress {
        case needMoreData
        case finished
        case failed(HTTPParseError)
    }

    private enum State {
        case sizeLine
        case data(remaining: Int)
        case dataEnd
        case trailers
    }

    /// The de-chunked body so far.
    private(set) var body: [UInt8] = []
    /// Trailer fields (RFC 9112 §7.1.2). Kept apart from the headers: RFC 9110 §6.5.1 forbids merging them.
    private(set) var trailers = HTTPHeaders()
    private let limits: HTTPParser.Limits
    private var state = State.sizeLine
    /// Body bytes plus chunk-extension bytes: the budget `maxBodyBytes` applies to.
    private var bodyBudgetUsed = 0
    /// Trailer bytes: the budget `maxHeaderBytes` applies to.
    private var trailerBytes = 0
    /// Bytes of the current line already searched for its LF, so byte-by-byte input stays linear.
    private var scanned = 0

    init(limits: HTTPParser.Limits) {
        self.limits = limits
    }

    /// Consumes as much of `buffer[index...]` as possible, advancing `index` past what was used.
    mutating func consume(_ buffer: [UInt8], from index: inout Int) -> Progress {
        while true {
            switch state {
            case .data(let remaining):
                let count = min(remaining, buffer.count - index)
                body.append(contentsOf: buffer[index..<index + count])
                index += count
                guard count == remaining else { state = .data(remaining: remaining - count); return .needMoreData }
                state = .dataEnd
            case .dataEnd:
                guard buffer.count - index >= 2 else { return .needMoreData }
                guard buffer[index] == HTTPSyntax.cr, buffer[index + 1] == HTTPSyntax.lf else {
                    return .failed(.malformed("chunk data not followed by CRLF"))
                }
                index += 2
                state = .sizeLine
            case .sizeLine:
                // The hex digits are not body bytes: allow 16 of them on top of the remaining budget.
                let budget = limits.maxBodyBytes - bodyBudgetUsed + 16
                switch nextLine(buffer, from: index, limit: budget, tooLong: .bodyTooLarge) {
                case .needMoreData: return .needMoreData
                case .failed(let error): return .failed(error)
                case .line(let line, let next):
                    if let error = readSizeLine(buffer, line) { return .failed(error) }
                    index = next
                }
            case .trailers:
                switch nextLine(buffer, from: index, limit: limits.maxHeaderBytes - trailerBytes, tooLong: .headTooLarge) {
                case .needMoreData: return .needMoreData
                case .failed(let error): return .failed(error)
                case .line(let line, let next):
                    index = next
                    if line.isEmpty { return .finished }
                    trailerBytes += line.count + 2
                    if trailerBytes > limits.maxHeaderBytes { return .failed(.headTooLarge) }
                    switch HTTPSyntax.fieldLine(buffer, line) {
                    case .success(let (name, value)):
                        trailers.add(name: HTTPSyntax.string(buffer, name), value: HTTPSyntax.string(buffer, value))
                    case .failure(let error):
                        return .failed(error)
                    }
                }
            }
        }
    }

    private enum LineResult {
        case needMoreData
        case failed(HTTPParseError)
        /// The line's content without CRLF, and the index just past the LF.
        case line(Range<Int>, next: Int)
    }

    /// Finds the next CRLF-terminated line, failing with `tooLong` once it would exceed `limit` bytes.
    ///
    /// The same bytes give the same answer however TCP splits them: a line is too long when more than
    /// `limit` bytes plus its CR come before the LF, whether the LF is already buffered or not, and that
    /// is checked before the CR, which a line still arriving cannot be checked for.
    private mutating func nextLine(_ buffer: [UInt8], from index: Int, limit: Int, tooLong: HTTPParseError) -> LineResult {
        var position = index + scanned
        while position < buffer.count, buffer[position] != HTTPSyntax.lf { position += 1 }
        guard position - index <= limit + 1 else {
            scanned = 0
            return .failed(tooLong)
        }
        guard position < buffer.count else {
            scanned = position - index
            return .needMoreData
        }
        scanned = 0
        guard position > index, buffer[position - 1] == HTTPSyntax.cr else {
            return .failed(.malformed("chunked line not terminated by CRLF"))
        }
        return .line(index..<position - 1, next: position + 1)
    }

    /// `chunk-size [ chunk-ext ]` (RFC 9112 §7.1): sets the next state or returns an error.
    private mutating func readSizeLine(_ buffer: [UInt8], _ line: Range<Int>) -> HTTPParseError? {
        var position = line.lowerBound
        var size = 0
        while position < line.upperBound, let digit = URLComponentsDecoder.hexValue(buffer[position]) {
            size = size * 16 + Int(digit)
            // Checked per digit, so the value can never overflow however many digits are sent.
            if size > limits.maxBodyBytes - bodyBudgetUsed { return .bodyTooLarge }
            position += 1
        }
        guard position > line.lowerBound else { return .malformed("chunk size is not hexadecimal") }
        guard Self.isValidExtensionList(buffer, position..<line.upperBound) else {
            return .malformed("invalid chunk extension")
        }
        bodyBudgetUsed += size + (line.upperBound - position)
        if bodyBudgetUsed > limits.maxBodyBytes { return .bodyTooLarge }
        state = size == 0 ? .trailers : .data(remaining: size)
        return nil
    }

    /// `*( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] )` (RFC 9112 §7.1.1).
    static func isValidExtensionList(_ buffer: [UInt8], _ range: Range<Int>) -> Bool {
        var position = range.lowerBound
        func skipWhitespace() {
            while position < range.upperBound, HTTPSyntax.isWhitespace(buffer[position]) { position += 1 }
        }
        func skipToken() -> Bool {
            let start = position
            while position < range.upperBound, HTTPSyntax.isTokenChar(buffer[position]) { position += 1 }
            return position > start
        }
        func skipQuotedString() -> Bool {
            position += 1  // the opening quote
            while position < range.upperBound {
                switch buffer[position] {
                case UInt8(ascii: "\""): position += 1; return true
                case UInt8(ascii: "\\"):  // quoted-pair: a backslash and any value byte
                    guard position + 1 < range.upperBound, HTTPSyntax.isFieldValueByte(buffer[position + 1]) else {
                        return false
                    }
                    position += 2
                case let byte where HTTPSyntax.isFieldValueByte(byte): position += 1
                default: return false
                }
            }
            return false
        }
        while position < range.upperBound {
            skipWhitespace()
            guard position < range.upperBound, buffer[position] == UInt8(ascii: ";") else { return false }
            position += 1
            skipWhitespace()
            guard skipToken() else { return false }
            skipWhitespace()
            guard position < range.upperBound, buffer[position] == UInt8(ascii: "=") else { continue }
            position += 1
            skipWhitespace()
            guard position < range.upperBound else { return false }
            let valid = buffer[position] == UInt8(ascii: "\"") ? skipQuotedString() : skipToken()
            guard valid else { return false }
        }
        return true
    }
}
