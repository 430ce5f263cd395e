// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The incoming half of a `SocketIOParser` for one connection: Engine.IO messages in, Socket.IO packets out.
///
/// One value per connection, fed in arrival order, because a packet may span several messages (the default
/// parser's binary attachments follow their text).
public protocol SocketIOPacketDecoding {
    /// Feeds one Engine.IO message. Returns the packet it completes, or `nil` while the packet waits for more
    /// messages. Throws when the message breaks the protocol: the server then closes the connection (spec: "the
    /// receiver MUST close the connection").
    mutating func decode(_ message: EngineMessage) throws -> SocketIOPacket?

    /// Drops a half-received packet (the connection closed, or a message was refused).
    mutating func reset()
}
