// SPDX-License-Identifier: MIT

import SIOEngineIO

/// How Socket.IO packets become Engine.IO messages and back: the server's `parser` option (socket.io
/// `ServerOptions.parser`; spec "Packet encoding": "the default parser", and custom parsers such as
/// `socket.io-msgpack-parser`).
///
/// A server has one parser (`ServerConfiguration.parser`), and both ends of a connection must use the same one.
/// The default parser writes text packets plus one binary message per attachment
/// (`DefaultSocketIOParser`); the MessagePack parser (module SIOMsgpackParser) writes each packet as one binary
/// message. Everything above the parser (namespaces, rooms, acks) sees `SocketIOPacket` values whatever travels.
///
/// ```swift
/// var configuration = ServerConfiguration()
/// configuration.parser = .msgpack            // import SIOMsgpackParser; `.default` otherwise
/// ```
///
/// Outgoing packets are encoded once and the same messages reach every receiver of a broadcast, so `encode`
/// must not depend on who receives them. Incoming messages go through one decoder per connection
/// (`makeDecoder`), which may keep state between messages (the default parser's attachments).
public protocol SocketIOParser: Sendable {
    /// The Engine.IO messages that carry `packet`, in the order they must be sent (as one batch). Throws only
    /// for a packet this parser cannot represent; the server builds none of those, so that is a bug.
    func encode(_ packet: SocketIOPacket) throws -> [EngineMessage]

    /// A decoder for one new connection. `maxAttachments` is `ServerConfiguration.maxAttachments`, the bound on
    /// the attachments one packet may announce; a parser without attachments ignores it.
    func makeDecoder(maxAttachments: Int) -> any SocketIOPacketDecoding
}
