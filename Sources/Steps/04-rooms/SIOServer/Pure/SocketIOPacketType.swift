// SPDX-License-Identifier: MIT

/// The seven Socket.IO v5 packet types (spec "Exchange protocol"). The raw value is the first character
/// of the packet on the wire, written right after Engine.IO's `4` (message): `42[...]` is an EVENT.
public enum SocketIOPacketType: UInt8, Sendable, Hashable, CaseIterable {
    /// Client: "let me into this namespace" (optional auth object). Server: "welcome" with `{"sid": ...}`.
    case connect = 0
    /// Either side leaves a namespace. No payload.
    case disconnect = 1
    /// An emitted event: `["name", arg1, arg2, ...]`, with an ack id when the sender wants an answer.
    case event = 2
    /// The answer to an event that carried an ack id: `[arg1, ...]`.
    case ack = 3
    /// Server only: the namespace refused the connection, `{"message": ..., "data": ...}`.
    case connectError = 4
    /// An EVENT whose arguments hold bytes. It exists only on the wire; decoded packets use `.event`.
    case binaryEvent = 5
    /// An ACK whose arguments hold bytes. It exists only on the wire; decoded packets use `.ack`.
    case binaryAck = 6

    /// True for the two types that announce binary attachments (`5<n>-...`, `6<n>-...`).
    public var hasAttachments: Bool { self == .binaryEvent || self == .binaryAck }
}
