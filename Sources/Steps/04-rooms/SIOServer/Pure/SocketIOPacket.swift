// SPDX-License-Identifier: MIT

import SIOJSON

/// One Socket.IO packet: what the encoder takes and the decoder returns.
///
/// Its text form is `<type>[<attachments>-][<namespace>,][<ackId>][<JSON payload>]`, for example
/// `2/admin,13["bar"]` (spec "Packet encoding"). Bytes inside `data` are ordinary `.binary` leaves:
/// the encoder turns them into attachments, and the decoder puts them back. So a decoded packet
/// is never `.binaryEvent` or `.binaryAck`. Like the official decoder, we report those as
/// `.event` and `.ack`, and the encoder picks the binary type again when the data holds bytes.
///
/// ```swift
/// SocketIOPacket.event("chat", ["hi", 1], namespace: "/admin", ackId: 7)   // 2/admin,7["chat","hi",1]
/// SocketIOPacket(type: .connect, data: ["sid": "a1b2"])                    // 0{"sid":"a1b2"}
/// ```
public struct SocketIOPacket: Sendable, Hashable {
    /// CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT or BINARY_ACK (Socket.IO v5 "Packet types").
    public var type: SocketIOPacketType
    /// `"/"` is the main namespace, and the wire form leaves it out. Others start with `/` and contain no comma.
    public var namespace: String
    /// Set when the sender wants an ACK back. The ACK carries the same id.
    public var ackId: Int?
    /// The payload: `nil` (absent), an object (CONNECT, CONNECT_ERROR), a string (CONNECT_ERROR) or an
    /// array (EVENT: name then arguments; ACK: arguments).
    public var data: SocketIOValue?

    /// A packet from its parts; binary attachments stay in `data` as `.binary` leaves.
    public init(type: SocketIOPacketType, namespace: String = "/", ackId: Int? = nil, data: SocketIOValue? = nil) {
        self.type = type
        self.namespace = namespace
        self.ackId = ackId
        self.data = data
    }

    /// An EVENT carrying `[name, arguments...]`.
    public static func event(
        _ name: String,
        _ arguments: [SocketIOValue] = [],
        namespace: String = "/",
        ackId: Int? = nil
    ) -> SocketIOPacket {
        SocketIOPacket(type: .event, namespace: namespace, ackId: ackId, data: .array([.string(name)] + arguments))
    }

    /// The ACK that answers the event with id `ackId`.
    public static func ack(_ arguments: [SocketIOValue], namespace: String = "/", ackId: Int) -> SocketIOPacket {
        SocketIOPacket(type: .ack, namespace: namespace, ackId: ackId, data: .array(arguments))
    }

    /// Event names that mean something to Socket.IO itself. Receiving one as an EVENT is a protocol
    /// error (socket.io-parser `RESERVED_EVENTS`), and a server must refuse to emit one.
    public static let reservedEventNames: Set<String> = [
        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
    ]

    /// The event name of an EVENT packet. A numeric name (allowed by the parser) is given as JavaScript
    /// would turn it into a string: `[1, "a"]` has the name `"1"`.
    public var eventName: String? {
        guard type == .event || type == .binaryEvent, let first = data?[0] else { return nil }
        switch first {
        case .string(let name): return name
        case .number(let number): return JSON.number(number).serialized()
        default: return nil
        }
    }

    /// The arguments of an EVENT (everything after the name) or of an ACK (the whole array).
    public var arguments: [SocketIOValue] {
        guard let elements = data?.arrayValue else { return [] }
        switch type {
        case .event, .binaryEvent: return Array(elements.dropFirst())
        case .ack, .binaryAck: return elements
        case .connect, .disconnect, .connectError: return []
        }
    }
}
