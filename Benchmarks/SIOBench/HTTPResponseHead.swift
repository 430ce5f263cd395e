// SPDX-License-Identifier: MIT

/// One HTTP/1.1 response located in the bytes read so far (RFC 9112 §2-§6), for the long-polling
/// client: the status, and where the body is.
///
/// Engine.IO servers answer polling requests with a `Content-Length` body (Node's engine.io,
/// python-engineio on aiohttp, ours), so that is the only framing supported; anything else is
/// reported rather than guessed. Like `ServerFrame`, it points into the read buffer instead of
/// copying: a polling client reads two responses per message.
struct HTTPResponseHead {
    enum Failure: Error, CustomStringConvertible {
        case malformed, unsupportedFraming

        var description: String {
            switch self {
            case .malformed: "malformed HTTP response"
            case .unsupportedFraming: "an HTTP response without Content-Length (chunked or close-delimited)"
            }
        }
    }

    var status: Int
    var body: Range<Int>

    /// The response starting at `index`, or `nil` while its head or body is incomplete.
    static func parse(_ bytes: ArraySlice<UInt8>, at index: Int) throws(Failure) -> HTTPResponseHead? {
        guard let headEnd = endOfHead(bytes, from: index) else {
            guard bytes.endIndex - index < 16 * 1024 else { throw .malformed }
            return nil
        }
        // "HTTP/1.1 200 OK": the status is the three digits after the first space.
        guard headEnd - index > 12, ASCII.matches(bytes, at: index, "HTTP/1."),
              let (status, _) = ASCII.decimal(in: bytes, at: index + 9)
        else { throw .malformed }
        guard let length = contentLength(bytes[index..<headEnd]) else { throw .unsupportedFraming }
        guard bytes.endIndex - headEnd >= length else { return nil }
        return HTTPResponseHead(status: status, body: headEnd..<headEnd + length)
    }

    /// The index after the blank line that ends the head.
    private static func endOfHead(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + 3 < bytes.endIndex {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// The value of the `Content-Length` field (names are case-insensitive, RFC 9110 §5.1).
    private static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        let name = Array("content-length:".utf8)
        var lineStart = head.startIndex
        while lineStart < head.endIndex {
            var lineEnd = lineStart
            while lineEnd < head.endIndex, head[lineEnd] != 10 { lineEnd += 1 }
            if lineEnd - lineStart > name.count,
               zip(head[lineStart..<lineStart + name.count], name).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) {
                var valueStart = lineStart + name.count
                while valueStart < lineEnd, head[valueStart] == 32 { valueStart += 1 }
                return ASCII.decimal(in: head, at: valueStart)?.value
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
