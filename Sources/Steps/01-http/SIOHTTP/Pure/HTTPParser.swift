// SPDX-License-Identifier: MIT

/// An incremental HTTP/1.1 request parser: feed it bytes as they arrive, take requests out.
///
/// TCP delivers a byte stream, not messages: one `read` may hold half a request line, or three
/// pipelined requests (RFC 9112 §9.3.2). So the parser buffers whatever it is given and `next()`
/// returns one event at a time, the way mini-redis `Frame::check` does:
///
/// ```swift
/// var parser = HTTPParser()
/// parser.append(bytesFromSocket)
/// loop: while true {
///     switch parser.next() {
///     case .needMoreData: break loop                  // wait for the next read
///     case .expectContinue: write("HTTP/1.1 100 Continue\r\n\r\n")
///     case .request(let request): handle(request)     // then ask again: more may be pipelined
///     case .error(let error): respond(error.response); close(); break loop
///     }
/// }
/// ```
///
/// Line endings: the head accepts CRLF and also a bare LF (RFC 9112 §2.2 lets a recipient do so),
/// which is what `nc localhost 3000` sends when you type a request by hand in the workshop. A bare CR
/// is always an error, and chunked framing requires CRLF (see ``ChunkedBodyDecoder``).
/// One empty line before a request line is skipped (RFC 9112 §2.2: some old clients send a CRLF after
/// a POST body); a second one is a malformed request.
///
/// No Foundation, no `String` until a piece is known to be valid: this runs for every long-poll request.
package struct HTTPParser {
    /// Size limits, checked before the bytes are buffered or copied.
    package struct Limits: Sendable {
        /// Request line plus header fields, including their line endings and the final empty line.
        package var maxHeaderBytes: Int
        /// The body after de-chunking; `Content-Length` is checked against it before any body byte is read.
        package var maxBodyBytes: Int

        package init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 1_000_000) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// What `next()` found in the buffered bytes.
    package enum Event: Sendable {
        /// Nothing complete yet: append more bytes.
        case needMoreData
        /// The head of a request with `Expect: 100-continue` is complete and its body is due.
        /// The server writes `HTTP/1.1 100 Continue` once (RFC 9110 §10.1.1), then calls `next()` again.
        case expectContinue
        /// One complete request. Call `next()` again: more may be buffered behind it.
        case request(HTTPRequest)
        /// The bytes are not a request we accept. Answer `error.status`, then close: the parser stays failed.
        case error(HTTPParseError)
    }

    private enum Phase {
        /// Waiting for the end of a request head.
        case head
        /// The head is parsed; reading `Content-Length` bytes.
        case fixedBody(length: Int)
        /// The head is parsed; decoding a chunked body.
        case chunkedBody
        case failed(HTTPParseError)
    }

    package let limits: Limits
    private var buffer: [UInt8] = []
    /// The first byte not yet consumed; everything before it belongs to returned requests.
    private var start = 0
    /// Head phase: how many bytes after `start` were already searched for the end of the head.
    private var scanned = 0
    private var skippedEmptyLine = false
    private var phase = Phase.head
    /// Stored outside `phase` so that mutating them does not copy the body (copy-on-write).
    private var head: RequestHead?
    private var chunked: ChunkedBodyDecoder?

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// True while part of a request is buffered: from its first byte until its `.request` event.
    ///
    /// The server uses it for the slowloris timeout: a connection that holds a partial request too
    /// long is closed, while an idle keep-alive connection (nothing buffered) is left alone.
    package var hasPartialRequest: Bool {
        switch phase {
        case .head: start < buffer.count
        case .fixedBody, .chunkedBody: true
        case .failed: false
        }
    }

    /// Adds bytes read from the connection.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        if start == buffer.count {
            // Everything was consumed: reuse the storage, unless one big body left it huge.
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        } else if start >= 4096 && start * 2 >= buffer.count {
            // Drop consumed bytes now and then, not on every request, so pipelining stays linear.
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Everything buffered past the last returned request, removed from the parser.
    ///
    /// Call it after a `.request` that the server answers with `101 Switching Protocols`: a client
    /// may send its first WebSocket frame right behind the upgrade request, in the same packet.
    package mutating func takeBufferedBytes() -> [UInt8] {
        defer {
            buffer = []
            start = 0
            scanned = 0
        }
        return Array(buffer[start...])
    }

    /// Returns the next event; call it until `.needMoreData`.
    package mutating func next() -> Event {
        while true {
            switch phase {
            case .failed(let error):
                return .error(error)
            case .head:
                let end: Int
                switch findEndOfHead() {
                case .found(let index): end = index
                case .needMoreData: return .needMoreData
                case .tooLarge: return fail(.headTooLarge)
                }
                let parsed: RequestHead
                switch RequestHead.parse(buffer, start..<end) {
                case .success(let value): parsed = value
                case .failure(let error): return fail(error)
                }
                start = end
                scanned = 0
                skippedEmptyLine = false
                switch parsed.framing {
                case .length(let length) where length > limits.maxBodyBytes:
                    // RFC 9110 §15.5.14: refuse before reading (and before `100 Continue`).
                    return fail(.bodyTooLarge)
                case .length(let length):
                    phase = .fixedBody(length: length)
                case .chunked:
                    phase = .chunkedBody
                    chunked = ChunkedBodyDecoder(limits: limits)
                }
                head = parsed
                if parsed.expectsContinue { return .expectContinue }
            case .fixedBody(let length):
                guard buffer.count - start >= length else { return .needMoreData }
                let body = Array(buffer[start..<start + length])
                start += length
                return finish(body: body, trailers: HTTPHeaders())
            case .chunkedBody:
                // Set together with `.chunkedBody`, cleared only when the request ends.
                switch chunked!.consume(buffer, from: &start) {
                case .needMoreData:
                    return .needMoreData
                case .failed(let error):
                    return fail(error)
                case .finished:
                    // Still set: the phase has not changed since the line above used it.
                    let decoder = chunked.take()!
                    return finish(body: decoder.body, trailers: decoder.trailers)
                }
            }
        }
    }

    /// Searches for the empty line that ends the head.
    ///
    /// Only new bytes are searched (`scanned`), so a head that arrives one byte at a time costs
    /// linear time, and no more than `maxHeaderBytes` are ever searched.
    private mutating func findEndOfHead() -> HeadSearch {
        if !skippedEmptyLine, start < buffer.count {
            if buffer[start] == HTTPSyntax.lf {
                start += 1
            } else if buffer[start] == HTTPSyntax.cr {
                guard start + 1 < buffer.count else { return .needMoreData }
                if buffer[start + 1] == HTTPSyntax.lf { start += 2 }
            }
            skippedEmptyLine = true
        }
        let searchEnd = min(buffer.count, start + limits.maxHeaderBytes)
        var index = start + scanned
        while index < searchEnd {
            // A line is empty when its LF follows the previous LF (or the start), with at most a CR between.
            if buffer[index] == HTTPSyntax.lf {
                let previous = index - 1
                if previous < start || buffer[previous] == HTTPSyntax.lf { return .found(index + 1) }
                if buffer[previous] == HTTPSyntax.cr && (previous == start || buffer[previous - 1] == HTTPSyntax.lf) {
                    return .found(index + 1)
                }
            }
            index += 1
        }
        scanned = index - start
        return buffer.count - start >= limits.maxHeaderBytes ? .tooLarge : .needMoreData
    }

    private enum HeadSearch {
        /// The index just past the empty line.
        case found(Int)
        case needMoreData
        case tooLarge
    }

    private mutating func finish(body: [UInt8], trailers: HTTPHeaders) -> Event {
        // A body phase always follows a parsed head, which stays until here.
        let parsed = head.take()!
        phase = .head
        var request = HTTPRequest(
            method: parsed.method, target: parsed.target, version: parsed.version, headers: parsed.headers,
            path: parsed.path, queryItems: parsed.queryItems, body: body)
        request.trailers = trailers
        return .request(request)
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        phase = .failed(error)
        head = nil
        chunked = nil
        return .error(error)
    }
}
