// SPDX-License-Identifier: MIT

/// The 4-bit opcode of a frame: what its payload means (RFC 6455 §5.2, §11.8).
///
/// Data frames (`0x0`...`0x7`) carry the application's messages; control frames (`0x8`...`0xF`) manage
/// the connection and may arrive between the fragments of a message (§5.4, §5.5). Only six values are
/// defined; the others are reserved, and receiving one fails the connection with 1002 (§5.2, Autobahn 4.x).
package enum WebSocketOpcode: UInt8, Sendable, Hashable, CaseIterable {
    /// A later fragment of a message started by a `.text` or `.binary` frame (§5.4).
    case continuation = 0x0
    /// The first (or only) frame of a UTF-8 text message (§5.6).
    case text = 0x1
    /// The first (or only) frame of a binary message (§5.6).
    case binary = 0x2
    /// Starts or answers the closing handshake; the payload is an optional code and reason (§5.5.1).
    case close = 0x8
    /// "Are you there?": the peer must answer with a pong carrying the same payload (§5.5.2).
    case ping = 0x9
    /// The answer to a ping, or an unsolicited heartbeat; needs no answer (§5.5.3).
    case pong = 0xA

    /// Control frames have the high bit of the opcode set (§5.5). They must be short (at most 125 bytes)
    /// and never fragmented, so that they can be slipped between the fragments of a long message.
    package var isControl: Bool { rawValue & 0x8 != 0 }
}
