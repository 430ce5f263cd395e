// SPDX-License-Identifier: MIT

extension HTTPResponse {
    /// The response as bytes on the wire (RFC 9112 §4 and §6).
    ///
    /// ```text
    /// HTTP/1.1 200 OK\r\n
    /// Content-Type: text/plain; charset=utf-8\r\n      the handler's headers, in order
    /// Content-Length: 3\r\n                            added: RFC 9112 §6.3 framing
    /// Connection: close\r\n                            added when `closing`
    /// Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n          added when `date` is given
    /// \r\n
    /// ok\n
    /// ```
    ///
    /// - `Content-Length` is added unless the handler set `Content-Length` or `Transfer-Encoding`, or
    ///   the status is 1xx or 204 (no length, RFC 9110 §8.6) or 304 (whose length would describe the
    ///   unsent representation). It is how the client finds the end of a keep-alive response.
    /// - `closing`: the server closes after this response, so it says so (RFC 9112 §9.6); any
    ///   `Connection` field the handler set is replaced by `Connection: close`.
    /// - `headOnly`: the answer to a HEAD request keeps its `Content-Length` but has no body
    ///   (RFC 9110 §9.3.2). 1xx, 204 and 304 never carry a body either.
    /// - `date`: the server's cached `Date` value (see ``HTTPDate``), so this pure code never reads the clock.
    ///
    /// CR, LF and NUL inside a header name or value are written as spaces: a handler that copies a
    /// query parameter into a header must not be able to inject a second header (response splitting).
    package func encoded(closing: Bool = false, headOnly: Bool = false, date: String? = nil) -> [UInt8] {
        let withBody = sendsBody(headOnly: headOnly)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(estimatedHeadSize + (withBody ? body.count : 0))
        appendHead(to: &bytes, closing: closing, date: date)
        if withBody { bytes.append(contentsOf: body) }
        return bytes
    }

    /// The status line and header section only, for servers that queue the body as a separate buffer
    /// (`connection.write([head, body])`) instead of copying it; see ``sendsBody(headOnly:)``.
    package func encodedHead(closing: Bool = false, date: String? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(estimatedHeadSize)
        appendHead(to: &bytes, closing: closing, date: date)
        return bytes
    }

    /// Whether the body follows the head: not for HEAD requests, 1xx, 204 or 304 (RFC 9110 §6.4.1).
    package func sendsBody(headOnly: Bool) -> Bool {
        !headOnly && allowsContent
    }

    /// All statuses but 1xx, 204 and 304 carry content, framed by a length (RFC 9110 §6.4.1, §8.6).
    private var allowsContent: Bool {
        status.code >= 200 && status.code != 204 && status.code != 304
    }

    private var estimatedHeadSize: Int {
        headers.fields.reduce(128) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
    }

    private func appendHead(to bytes: inout [UInt8], closing: Bool, date: String?) {
        bytes.append(contentsOf: "HTTP/1.1 \(status.code) ".utf8)
        Self.appendSafely(status.reason, to: &bytes)
        bytes.append(contentsOf: Self.crlf)
        for (name, value) in headers where !(closing && name.caseInsensitiveEquals("Connection")) {
            Self.appendField(name, value, to: &bytes)
        }
        if allowsContent && !headers.contains("Content-Length") && !headers.contains("Transfer-Encoding") {
            Self.appendField("Content-Length", String(body.count), to: &bytes)
        }
        if closing { Self.appendField("Connection", "close", to: &bytes) }
        if let date, !headers.contains("Date") { Self.appendField("Date", date, to: &bytes) }
        bytes.append(contentsOf: Self.crlf)
    }

    private static let crlf: [UInt8] = [13, 10]

    private static func appendField(_ name: String, _ value: String, to bytes: inout [UInt8]) {
        appendSafely(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        appendSafely(value, to: &bytes)
        bytes.append(contentsOf: crlf)
    }

    private static func appendSafely(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            bytes.append(byte == 13 || byte == 10 || byte == 0 ? UInt8(ascii: " ") : byte)
        }
    }
}
