// SPDX-License-Identifier: MIT

/// One WebSocket frame, with its payload unmasked, and how to put it on the wire (RFC 6455 §5.2).
///
/// ```text
///  0               1               2               3
///  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// ```
///
/// The model has one RSV bit, RSV1, which permessage-deflate (RFC 7692 §6) calls "compressed"; RSV2 and RSV3
/// have no meaning here and are always 0. It has no mask: the mask belongs to the encoding, not to the frame. The parser hands out frames already unmasked, and the
/// encoder masks when it is given a key (client role).
///
/// A server writes the header and the payload as two separate buffers, so a payload shared by many
/// connections (a broadcast) is never copied:
///
/// ```swift
/// let frame = WebSocketFrame.text("hello")
/// connection.write([frame.encodedHeader(), frame.payload])            // server: unmasked
/// connection.write(frame.encoded(maskingKey: .random()))              // client: masked copy
/// ```
package struct WebSocketFrame: Sendable, Hashable {
    /// FIN: this is the last frame of its message (§5.4). Always true for control frames.
    package var fin: Bool
    package var opcode: WebSocketOpcode
    /// The application data, never masked (and DEFLATE data when `compressed`).
    package var payload: [UInt8]
    /// RSV1: the message this frame starts is compressed (RFC 7692 §6). Only ever set on the first frame of a
    /// data message, and only on a connection that negotiated permessage-deflate.
    package var compressed: Bool

    package init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8] = [], compressed: Bool = false) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
        self.compressed = compressed
    }

    // MARK: - Building frames

    /// A single-frame text message.
    package static func text(_ text: String) -> WebSocketFrame {
        WebSocketFrame(opcode: .text, payload: Array(text.utf8))
    }

    /// A single-frame binary message.
    package static func binary(_ bytes: [UInt8]) -> WebSocketFrame {
        WebSocketFrame(opcode: .binary, payload: bytes)
    }

    /// A ping; the payload (at most 125 bytes) comes back in the pong.
    package static func ping(_ payload: [UInt8] = []) -> WebSocketFrame {
        // A programming error only: pings carry the application's payload, never a peer's.
        precondition(payload.count <= maxControlPayload, "a control frame carries at most 125 bytes (§5.5)")
        return WebSocketFrame(opcode: .ping, payload: payload)
    }

    /// A pong, usually echoing a ping's payload (§5.5.3).
    package static func pong(_ payload: [UInt8] = []) -> WebSocketFrame {
        // Unreachable from the wire: a pong echoes a ping the parser already held to 125 bytes.
        precondition(payload.count <= maxControlPayload, "a control frame carries at most 125 bytes (§5.5)")
        return WebSocketFrame(opcode: .pong, payload: payload)
    }

    /// A close frame (§5.5.1): the code big-endian, then the reason in UTF-8. `nil` sends an empty payload.
    ///
    /// The whole payload must fit in 125 bytes, so a reason longer than 123 bytes is cut at the last
    /// whole character that fits.
    package static func close(code: WebSocketCloseCode?, reason: String = "") -> WebSocketFrame {
        guard let code else { return WebSocketFrame(opcode: .close) }
        var payload: [UInt8] = [
            UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue),
        ]
        for scalar in reason.unicodeScalars {
            guard payload.count + scalar.utf8.count <= maxControlPayload else { break }
            payload.append(contentsOf: scalar.utf8)
        }
        return WebSocketFrame(opcode: .close, payload: payload)
    }

    /// The largest payload of a close, ping or pong frame (§5.5).
    package static let maxControlPayload = 125

    // MARK: - Reading close frames

    /// The code and reason inside a close frame, checked as §5.5.1 and §7.4 require; `nil` when the
    /// payload is empty (no code given).
    ///
    /// - Throws: `.closePayloadTooShort` (1 byte), `.invalidCloseCode` (a code that may not be sent, such
    ///   as 1005 or 2000), `.invalidCloseReason` (the reason is not UTF-8).
    package func closeStatus() throws(WebSocketProtocolError) -> (code: WebSocketCloseCode, reason: String)? {
        // The state machine calls this only for close frames; a caller's mistake, not the peer's.
        precondition(opcode == .close, "only close frames carry a status")
        if payload.isEmpty { return nil }
        guard payload.count >= 2 else { throw .closePayloadTooShort }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isAllowedOnTheWire else { throw .invalidCloseCode(code.rawValue) }
        let reason = payload[2...]
        var utf8 = UTF8Validator()
        guard utf8.validate(reason), utf8.isComplete else { throw .invalidCloseReason }
        return (code, String(decoding: reason, as: UTF8.self))
    }

    // MARK: - Encoding

    /// The header bytes only: 2 to 14 bytes, to be followed on the wire by the payload (masked with the
    /// same key if one is given).
    ///
    /// The length takes the shortest of the three forms, as §5.2 requires ("the minimal number of bytes
    /// MUST be used"): 0...125 in the 7-bit field, up to 65535 as 126 plus 16 bits, else 127 plus 64 bits.
    package func encodedHeader(maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(14)
        appendHeader(to: &header, maskingKey: maskingKey)
        return header
    }

    /// Appends the header bytes of `encodedHeader(maskingKey:)` to `header`: lets a writer put the header
    /// and a small payload in one buffer it sized itself.
    package func appendHeader(to header: inout [UInt8], maskingKey: WebSocketMaskingKey? = nil) {
        header.append((fin ? 0b1000_0000 : 0) | (compressed ? 0b0100_0000 : 0) | opcode.rawValue)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0b1000_0000
        let length = payload.count
        switch length {
        case 0...125:
            header.append(maskBit | UInt8(length))
        case 126...0xFFFF:
            header.append(maskBit | 126)
            header.append(UInt8(truncatingIfNeeded: length >> 8))
            header.append(UInt8(truncatingIfNeeded: length))
        default:
            header.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                header.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
        }
        if let key = maskingKey {
            header.append(key.bytes.0)
            header.append(key.bytes.1)
            header.append(key.bytes.2)
            header.append(key.bytes.3)
        }
    }

    /// The whole frame in one buffer: header, then the payload, masked when a key is given.
    ///
    /// A client must mask (§5.3), which means copying the payload anyway, so one buffer costs nothing
    /// extra. A server can avoid the copy with `encodedHeader()` followed by `payload`.
    package func encoded(maskingKey: WebSocketMaskingKey? = nil) -> [UInt8] {
        var bytes = encodedHeader(maskingKey: maskingKey)
        let headerLength = bytes.count
        bytes.append(contentsOf: payload)
        maskingKey?.apply(to: &bytes, in: headerLength..<bytes.count)
        return bytes
    }
}
