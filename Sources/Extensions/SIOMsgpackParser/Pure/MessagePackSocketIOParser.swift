// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer

/// The parser of `socket.io-msgpack-parser` (socket.io's documented custom parser): each Socket.IO packet is one
/// binary Engine.IO message, the MessagePack map `{type, data, nsp, id}` (`MessagePackPacketCodec`).
///
/// Bytes travel as MessagePack `bin` inside the packet, so there are no attachments and no BINARY_EVENT; the
/// packets are smaller than JSON text, and a client needs the same parser (socket.io-client's `parser` option,
/// python-socketio's `serializer="msgpack"`):
///
/// ```swift
/// import SIOMsgpackParser
/// var configuration = ServerConfiguration()
/// configuration.parser = .msgpack
/// ```
public struct MessagePackSocketIOParser: SocketIOParser {
    /// The msgpack parser; `.msgpack` names it where a `SocketIOParser` is expected.
    public init() {}

    /// One binary message. MessagePack can write any packet the server builds, so this never throws.
    public func encode(_ packet: SocketIOPacket) -> [EngineMessage] {
        [.binary(MessagePackPacketCodec.encode(packet))]
    }

    /// A stateless decoder: each binary message is a whole packet. `maxAttachments` does not apply (no attachments).
    public func makeDecoder(maxAttachments: Int) -> any SocketIOPacketDecoding {
        MessagePackPacketDecoder()
    }
}

extension SocketIOParser where Self == MessagePackSocketIOParser {
    /// The msgpack parser (`configuration.parser = .msgpack`), as `socket.io-msgpack-parser` on the client.
    public static var msgpack: MessagePackSocketIOParser { MessagePackSocketIOParser() }
}
