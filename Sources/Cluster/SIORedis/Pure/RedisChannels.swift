// SPDX-License-Identifier: MIT

import SIOServer

/// The Redis channel names of one namespace, exactly as `@socket.io/redis-adapter` 8 spells them
/// (`lib/index.ts`, constructor and `broadcast`), so that Swift and Node servers share one cluster.
///
/// With the default prefix `socket.io` and the namespace `/`:
///
/// | channel                    | carries                                             | subscribed with |
/// |----------------------------|-----------------------------------------------------|-----------------|
/// | `socket.io#/#`             | broadcasts to the whole namespace (MessagePack)     | `PSUBSCRIBE socket.io#/#*` |
/// | `socket.io#/#lobby#`       | broadcasts to exactly one room, here `lobby`        | (same pattern)  |
/// | `socket.io-request#/#`     | requests: fetch, join, leave, disconnect, server-side emit, broadcast with ack | `SUBSCRIBE` |
/// | `socket.io-response#/#`    | every server's answers to those requests            | `SUBSCRIBE`     |
/// | `socket.io-response#/#<uid>#` | answers for one server (when the sender opts in) | `SUBSCRIBE`     |
///
/// Why a channel per room when everybody subscribes to the pattern anyway? A receiver can drop a room broadcast
/// by looking at the channel name alone, before decoding anything, when it has no socket in that room.
package struct RedisChannels: Sendable, Hashable {
    package let prefix: String
    package let namespace: String

    package init(prefix: String = "socket.io", namespace: String) {
        self.prefix = prefix
        self.namespace = namespace
    }

    /// `socket.io#/#`: broadcasts to the whole namespace, and the start of every room channel.
    package var broadcast: String { prefix + "#" + namespace + "#" }

    /// `socket.io#/#*`: the pattern that matches the namespace's broadcast and room channels.
    package var broadcastPattern: String { broadcast + "*" }

    /// The channel of a broadcast to exactly one room: `socket.io#/#lobby#`.
    package func room(_ room: Room) -> String { broadcast + room + "#" }

    /// Where a broadcast with these options is published: its room's channel when it targets exactly one room.
    package func channel(for options: BroadcastOptions) -> String {
        // `first` exists: the count is 1.
        options.rooms.count == 1 ? room(options.rooms.first!) : broadcast
    }

    /// `socket.io-request#/#`.
    package var request: String { prefix + "-request#" + namespace + "#" }

    /// `socket.io-response#/#`.
    package var response: String { prefix + "-response#" + namespace + "#" }

    /// `socket.io-response#/#<uid>#`: the answers meant for the server `uid` only.
    package func response(for uid: String) -> String { response + uid + "#" }

    /// The room a broadcast channel names: `""` for the namespace channel, `nil` for a channel of another
    /// namespace or prefix (Node: `channel.slice(this.channel.length, -1)` after a `startsWith` check).
    package func room(inBroadcastChannel channel: String) -> Room? {
        guard channel.hasPrefix(broadcast) else { return nil }
        let rest = channel.dropFirst(broadcast.count)
        return rest.isEmpty ? "" : String(rest.dropLast())
    }
}
