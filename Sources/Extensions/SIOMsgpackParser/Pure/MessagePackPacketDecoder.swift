// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer

/// The msgpack parser's decoder for one connection: every binary message is one whole packet
/// (socket.io-msgpack-parser `Decoder.add`), so it keeps no state between messages.
package struct MessagePackPacketDecoder: SocketIOPacketDecoding {
    package init() {}

    /// Decodes a binary message; a text message is refused, as no msgpack encoder sends one.
    package mutating func decode(_ message: EngineMessage) throws(MessagePackPacketError) -> SocketIOPacket? {
        guard case .binary(let bytes) = message else { throw .textMessage }
        return try MessagePackPacketCodec.decode(bytes)
    }

    /// Nothing is ever half-received.
    package mutating func reset() {}
}
