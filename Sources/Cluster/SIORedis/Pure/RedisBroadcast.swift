// SPDX-License-Identifier: MIT

import SIOServer

/// A broadcast as it crosses Redis: MessagePack of the array `[uid, packet, opts]`
/// (`@socket.io/redis-adapter` 8 `broadcast`).
///
/// ```text
/// 93                                    array of 3
///    a6 "Ab3dE9"                        the sending server's uid (receivers ignore their own)
///    83 a4 "type" 02                    {type: 2,
///       a4 "data" 92 a4 "chat" a2 "hi"   data: ["chat", "hi"],
///       a3 "nsp" a1 "/"                  nsp: "/"}
///    83 a5 "rooms" 91 a5 "lobby"        {rooms: ["lobby"],
///       a6 "except" 90                   except: [],
///       a5 "flags" 80                    flags: {}}
/// ```
///
/// It is published to `socket.io#/#lobby#` (one room) or `socket.io#/#` (none, or several); see `RedisChannels`.
package struct RedisBroadcast: Sendable, Hashable {
    package var uid: String
    package var packet: SocketIOPacket
    package var options: BroadcastOptions

    package init(uid: String, packet: SocketIOPacket, options: BroadcastOptions) {
        self.uid = uid
        self.packet = packet
        self.options = options
    }

    package func encoded() -> [UInt8] {
        RedisWireFormat.encodeMessagePack([
            .string(uid), RedisWireFormat.packet(packet), RedisWireFormat.options(options, includeFlags: true),
        ])
    }

    /// Reads a published broadcast (MessagePack; a JSON body would be accepted too).
    package init(decoding bytes: [UInt8]) throws(RedisMessageError) {
        let value = try RedisWireFormat.decode(bytes)
        guard let elements = value.arrayValue, elements.count >= 2 else { throw .missingField("[uid, packet, opts]") }
        guard let uid = elements[0].stringValue else { throw .missingField("uid") }
        self.uid = uid
        packet = try RedisWireFormat.packet(from: elements[1])
        options = RedisWireFormat.options(from: elements.count > 2 ? elements[2] : nil)
    }
}
