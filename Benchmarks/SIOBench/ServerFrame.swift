// SPDX-License-Identifier: MIT

import SIOWebSocket

/// One frame from the server, located inside the bytes that were read (RFC 6455 §5.2).
///
/// The load generator reads tens of thousands of frames per second. `WebSocketStateMachine` (the
/// server's reader, in the `.client` role) copies each payload into a new array and queues an
/// action per frame: right for a server, which keeps messages, but an allocation per message is
/// the very cost the benchmark must not add on the client side. Frames from a server are never
/// masked (§5.1), so a payload is just a range of the read buffer: `parse` finds it and copies
/// nothing. Only a frame cut by the end of a read is kept for the next one (by the caller).
struct ServerFrame {
    enum Failure: Error, CustomStringConvertible {
        case maskedFrame, reservedBits, unknownOpcode(UInt8), badControlFrame, tooLarge

        var description: String {
            switch self {
            case .maskedFrame: "the server sent a masked frame (RFC 6455 §5.1)"
            case .reservedBits: "a reserved bit is set (no extension was negotiated)"
            case .unknownOpcode(let code): "unknown opcode \(code)"
            case .badControlFrame: "a control frame is fragmented or longer than 125 bytes"
            case .tooLarge: "a frame is larger than the load generator accepts"
            }
        }
    }

    /// The largest payload accepted: benchmark messages are small, so anything huge is a bug.
    static let maxPayload = 16 << 20

    var fin: Bool
    var opcode: WebSocketOpcode
    /// Where the payload sits in the bytes given to `parse`.
    var payload: Range<Int>

    /// The frame starting at `index`, or `nil` if `bytes` ends before the frame does.
    static func parse(_ bytes: ArraySlice<UInt8>, at index: Int) throws(Failure) -> ServerFrame? {
        let available = bytes.endIndex - index
        guard available >= 2 else { return nil }
        let first = bytes[index]
        let second = bytes[index + 1]
        guard second & 0x80 == 0 else { throw .maskedFrame }
        guard first & 0x70 == 0 else { throw .reservedBits }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .unknownOpcode(first & 0x0F) }
        let fin = first & 0x80 != 0
        var length = Int(second & 0x7F)
        var headerLength = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            headerLength = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            var value: UInt64 = 0
            for offset in 2..<10 { value = value << 8 | UInt64(bytes[index + offset]) }
            guard value <= UInt64(maxPayload) else { throw .tooLarge }
            length = Int(value)
            headerLength = 10
        }
        if opcode.isControl { guard fin, length <= 125 else { throw .badControlFrame } }
        guard length <= maxPayload else { throw .tooLarge }
        guard available >= headerLength + length else { return nil }
        let start = index + headerLength
        return ServerFrame(fin: fin, opcode: opcode, payload: start..<start + length)
    }
}
