// SPDX-License-Identifier: MIT

/// Turns bytes, split anywhere, into frames (RFC 6455 §5.2), checking every rule a frame header has.
///
/// TCP delivers a byte stream, not frames: one read may hold half a header, or three frames and the
/// start of a fourth. The parser keeps what it has not used yet and works in two states:
///
/// 1. `header`: wait until the whole header (2 to 14 bytes) is buffered, check it, read the length
///    and the masking key;
/// 2. `payload`: copy payload bytes as they arrive into the frame's buffer, unmasking them on the way.
///
/// The header checks run as soon as their bytes are there, so a bad frame is refused before any of its
/// payload is stored. In particular the length is checked against `maxFrameSize` first: a peer that
/// announces a 2^62-byte frame gets 1009, not an attempt to allocate it.
///
/// ```swift
/// var parser = WebSocketFrameParser(role: .server, maxFrameSize: 1 << 20)
/// parser.append(bytesFromTheSocket)
/// while case .frame(let frame) = try parser.nextFrame() {
///     handle(frame)
/// }
/// ```
///
/// After `nextFrame()` throws, the stream cannot be resynchronised: the caller fails the connection.
package struct WebSocketFrameParser: Sendable {
    /// What `nextFrame()` found.
    package enum ParseResult: Sendable, Hashable {
        /// The buffered bytes do not hold a whole frame yet: append more and call again.
        case needMoreData
        /// One complete frame, unmasked.
        case frame(WebSocketFrame)
    }

    /// What the header said about the frame whose payload is arriving.
    private struct Header: Sendable {
        var fin: Bool
        var compressed: Bool
        var opcode: WebSocketOpcode
        var length: Int
        var maskingKey: WebSocketMaskingKey?
    }

    private enum State: Sendable {
        case header
        case payload(Header)
    }

    /// Which side we are; it decides whether incoming frames must be masked.
    package let role: WebSocketRole
    /// The largest payload we accept in one data frame; a longer one fails with 1009. Control frames are not
    /// counted against it: RFC 6455 §5.5 caps them at 125 bytes whatever the message limit, so a small limit
    /// (say 100) still lets pings, pongs and close frames through. Zero or less refuses every non-empty data frame.
    package let maxFrameSize: Int
    /// Whether RSV1 may be set: the connection negotiated permessage-deflate (RFC 7692 §6).
    package let allowsCompression: Bool

    private var state = State.header
    /// Bytes received but not used yet. Only ever holds a partial header (fewer than 14 bytes) between calls.
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The unmasked payload of the frame in progress.
    private var payload: [UInt8] = []

    package init(role: WebSocketRole, maxFrameSize: Int, allowsCompression: Bool = false) {
        self.role = role
        self.maxFrameSize = maxFrameSize
        self.allowsCompression = allowsCompression
    }

    /// Buffers bytes read from the connection. Nothing is parsed until `nextFrame()`.
    package mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The frame whose payload is still arriving: its opcode, whether it is compressed, its announced length and
    /// the unmasked bytes received so far. `nil` between frames.
    ///
    /// This lets the message layer check UTF-8 before a text frame is complete, as Autobahn 6.4.3 and
    /// 6.4.4 expect ("fail fast" when a frame arrives in pieces).
    package var frameInProgress: (opcode: WebSocketOpcode, compressed: Bool, length: Int, received: ArraySlice<UInt8>)? {
        guard case .payload(let header) = state else { return nil }
        return (header.opcode, header.compressed, header.length, payload[...])
    }

    /// Parses the next frame from the buffered bytes.
    ///
    /// - Returns: `.frame` with the next complete frame, or `.needMoreData`.
    /// - Throws: the first rule the stream breaks; see `WebSocketProtocolError`.
    package mutating func nextFrame() throws(WebSocketProtocolError) -> ParseResult {
        if case .header = state {
            guard let header = try parseHeader() else {
                compact()
                return .needMoreData
            }
            state = .payload(header)
            // Reserve the announced size, but only up to 64 KiB: the peer has not sent those bytes yet.
            payload.reserveCapacity(min(header.length, 1 << 16))
        }
        guard case .payload(let header) = state else { return .needMoreData }

        // Move what has arrived of the payload into `payload`, unmasking only the new bytes.
        let take = min(buffer.count - readIndex, header.length - payload.count)
        if take > 0 {
            let start = payload.count
            payload.append(contentsOf: buffer[readIndex..<readIndex + take])
            readIndex += take
            header.maskingKey?.apply(to: &payload, in: start..<payload.count, payloadOffset: start)
        }
        guard payload.count == header.length else {
            compact()
            return .needMoreData
        }
        let frame = WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: payload, compressed: header.compressed)
        payload = []
        state = .header
        return .frame(frame)
    }

    /// Reads and checks a header if it is fully buffered, and consumes its bytes; `nil` if more are needed.
    private mutating func parseHeader() throws(WebSocketProtocolError) -> Header? {
        let available = buffer.count - readIndex
        guard available >= 2 else { return nil }
        let first = buffer[readIndex]
        let second = buffer[readIndex + 1]

        // Byte 0: FIN, RSV1-3, opcode.
        let fin = first & 0b1000_0000 != 0
        let compressed = first & 0b0100_0000 != 0
        guard first & 0b0011_0000 == 0, !compressed || allowsCompression else { throw .reservedBitsSet }
        guard let opcode = WebSocketOpcode(rawValue: first & 0b0000_1111) else {
            throw .unknownOpcode(first & 0b0000_1111)
        }
        // RFC 7692 §6.1: RSV1 marks the first frame of a compressed data message, never a control or continuation frame.
        guard !compressed || opcode == .text || opcode == .binary else { throw .reservedBitsSet }

        // Byte 1: MASK and the 7-bit length. Masking is mandatory one way and forbidden the other (§5.1).
        let masked = second & 0b1000_0000 != 0
        switch role {
        case .server: guard masked else { throw .unmaskedFrameFromClient }
        case .client: guard !masked else { throw .maskedFrameFromServer }
        }
        let length7 = Int(second & 0b0111_1111)
        if opcode.isControl {
            guard fin else { throw .fragmentedControlFrame }
            guard length7 <= WebSocketFrame.maxControlPayload else { throw .controlFrameTooLong }
        }

        // 126 means "the length follows in 16 bits", 127 "in 64 bits" (§5.2). A length written in a longer
        // form than needed is accepted: the "minimal number of bytes" rule binds the sender.
        let extendedLengthSize = length7 == 126 ? 2 : length7 == 127 ? 8 : 0
        let headerSize = 2 + extendedLengthSize + (masked ? 4 : 0)
        guard available >= headerSize else { return nil }

        var length = UInt64(length7)
        if extendedLengthSize > 0 {
            length = 0
            for offset in 2..<2 + extendedLengthSize {
                length = length << 8 | UInt64(buffer[readIndex + offset])
            }
            guard length & (1 << 63) == 0 else { throw .invalidPayloadLength }
        }
        guard opcode.isControl || length <= UInt64(max(0, maxFrameSize)) else { throw .frameTooLarge }

        var maskingKey: WebSocketMaskingKey?
        if masked {
            let keyStart = readIndex + 2 + extendedLengthSize
            maskingKey = WebSocketMaskingKey(
                buffer[keyStart], buffer[keyStart + 1], buffer[keyStart + 2], buffer[keyStart + 3])
        }
        readIndex += headerSize
        return Header(fin: fin, compressed: compressed, opcode: opcode, length: Int(length), maskingKey: maskingKey)
    }

    /// Drops the bytes already used. Called only when waiting for more data, so what remains is at most a
    /// partial header: the move is tiny. A large buffer is released, so that an idle connection does not
    /// keep the memory of its biggest read.
    private mutating func compact() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
        } else {
            buffer.removeSubrange(0..<readIndex)
        }
        readIndex = 0
    }
}
