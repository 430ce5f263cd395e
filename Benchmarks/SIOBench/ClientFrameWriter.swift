// SPDX-License-Identifier: MIT

import SIOWebSocket

/// Appends masked client frames (RFC 6455 §5.2, §5.3) to a reused output buffer.
///
/// `WebSocketFrame.encoded(maskingKey:)` returns a new array per frame; here the header, the key and
/// the masked payload go straight into the caller's buffer, whose capacity survives from one
/// message to the next. Together with `Connection.write` releasing the buffer once the kernel has
/// the bytes, a client sends a message without allocating.
enum ClientFrameWriter {
    /// Appends one complete (FIN) frame carrying `payload`, masked with a key from `random`.
    static func append(
        opcode: WebSocketOpcode, payload: some Collection<UInt8>, to buffer: inout [UInt8],
        random: inout SplitMix64
    ) {
        let length = payload.count
        buffer.append(0x80 | opcode.rawValue)
        switch length {
        case 0...125:
            buffer.append(0x80 | UInt8(length))
        case 126...0xFFFF:
            buffer.append(0x80 | 126)
            buffer.append(UInt8(truncatingIfNeeded: length >> 8))
            buffer.append(UInt8(truncatingIfNeeded: length))
        default:
            buffer.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                buffer.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
        }
        let key = WebSocketMaskingKey.random(using: &random)
        buffer.append(key.bytes.0)
        buffer.append(key.bytes.1)
        buffer.append(key.bytes.2)
        buffer.append(key.bytes.3)
        let start = buffer.count
        buffer.append(contentsOf: payload)
        key.apply(to: &buffer, in: start..<buffer.count)
    }
}
