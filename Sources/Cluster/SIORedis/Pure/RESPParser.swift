// SPDX-License-Identifier: MIT

/// Turns the bytes Redis sends, split anywhere, into `RESPValue`s (RESP2).
///
/// One read from the socket may hold half a reply, or forty pipelined replies and the start of the next. The
/// parser keeps the bytes it has not used and, on each `next()`, tries to read one whole value from them.
/// If the value is not complete yet, nothing is consumed and the answer is `.needMoreData`; the next call
/// starts over from the same byte once more has arrived (mini-redis `frame.rs` does the same "check, then
/// parse"). Replies are small and usually arrive whole, so re-reading a partial one costs little.
///
/// ```swift
/// var parser = RESPParser()
/// parser.append(bytesFromTheSocket)
/// while case .value(let reply) = try parser.next() {
///     handle(reply)
/// }
/// ```
///
/// Limits keep a broken or hostile peer from making us buffer without end: a bulk string longer than
/// `maxBulkLength`, a line (simple string, error, integer) longer than `maxLineLength`, or nesting deeper than
/// `maxDepth` is an error. After an error the stream cannot be trusted: the caller closes the connection.
package struct RESPParser: Sendable {
    package enum ParseResult: Sendable, Hashable {
        /// The buffered bytes do not hold a whole value yet.
        case needMoreData
        case value(RESPValue)
    }

    /// Redis's own default for `proto-max-bulk-len` is 512 MiB; a pub/sub payload of this project is far smaller.
    package let maxBulkLength: Int
    package let maxLineLength: Int
    package let maxDepth: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0

    package init(maxBulkLength: Int = 64 << 20, maxLineLength: Int = 64 << 10, maxDepth: Int = 32) {
        self.maxBulkLength = maxBulkLength
        self.maxLineLength = maxLineLength
        self.maxDepth = maxDepth
    }

    /// Buffers bytes read from the connection.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes buffered and not yet returned as values.
    package var bufferedByteCount: Int { buffer.count - readIndex }

    /// Parses the next complete value, consuming its bytes.
    package mutating func next() throws(RESPParseError) -> ParseResult {
        var index = readIndex
        guard let value = try parseValue(at: &index, depth: 0) else {
            compact()
            return .needMoreData
        }
        readIndex = index
        if readIndex == buffer.count { compact() }
        return .value(value)
    }

    /// Forgets everything buffered (the connection was closed; a new one starts clean).
    package mutating func reset() {
        buffer.removeAll()
        readIndex = 0
    }

    // MARK: Grammar

    /// One value starting at `index`; advances `index` past it. `nil` when the bytes stop before its end.
    private func parseValue(at index: inout Int, depth: Int) throws(RESPParseError) -> RESPValue? {
        guard index < buffer.count else { return nil }
        let type = buffer[index]
        guard let line = try readLine(after: index) else { return nil }
        index = line.next
        switch type {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: buffer[line.range], as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: buffer[line.range], as: UTF8.self))
        case UInt8(ascii: ":"):
            return .integer(try integer(in: line.range))
        case UInt8(ascii: "$"):
            let length = try integer(in: line.range)
            if length == -1 { return .null }
            guard length >= 0 else { throw .invalidLength(length) }
            guard length <= maxBulkLength else { throw .bulkStringTooLong(length) }
            // The payload, then its own CRLF.
            guard buffer.count - index >= length + 2 else { return nil }
            let payload = Array(buffer[index..<index + length])
            guard buffer[index + length] == 13, buffer[index + length + 1] == 10 else { throw .missingCRLF }
            index += length + 2
            return .bulkString(payload)
        case UInt8(ascii: "*"):
            let count = try integer(in: line.range)
            if count == -1 { return .null }
            guard count >= 0 else { throw .invalidLength(count) }
            guard depth < maxDepth else { throw .tooDeep(limit: maxDepth) }
            // Every element takes at least 3 bytes (`:0\r\n` is 4), so a count beyond what could fit in the
            // bytes we have cannot be complete yet; checking first avoids reserving room for a lying count.
            var elements: [RESPValue] = []
            elements.reserveCapacity(min(count, (buffer.count - index) / 3))
            for _ in 0..<count {
                guard let element = try parseValue(at: &index, depth: depth + 1) else { return nil }
                elements.append(element)
            }
            return .array(elements)
        default:
            throw .unknownType(type)
        }
    }

    /// The line after the type byte at `start`: its content range (without CRLF) and the index after the CRLF.
    private func readLine(after start: Int) throws(RESPParseError) -> (range: Range<Int>, next: Int)? {
        var cursor = start + 1
        let limit = min(buffer.count, start + 1 + maxLineLength + 2)
        while cursor + 1 < limit {
            if buffer[cursor] == 13 {
                guard buffer[cursor + 1] == 10 else { throw .missingCRLF }
                return (start + 1..<cursor, cursor + 2)
            }
            cursor += 1
        }
        if buffer.count - start - 1 > maxLineLength + 1 { throw .lineTooLong(limit: maxLineLength) }
        return nil
    }

    /// A signed decimal (`:-3`, `$12`); RESP allows nothing else on those lines.
    private func integer(in range: Range<Int>) throws(RESPParseError) -> Int {
        let text = String(decoding: buffer[range], as: UTF8.self)
        guard let value = Int(text) else { throw .invalidInteger(text) }
        return value
    }

    /// Drops consumed bytes; a large emptied buffer is released so that an idle connection keeps no big array.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 16)
        } else if readIndex > 0 {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }
}
