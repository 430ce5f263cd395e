// SPDX-License-Identifier: MIT

import SIOEngineIO

/// A packet kept for replay: the packet with its offset, encoded once, and who it was for.
public struct RecoveryEntry: Sendable {
    /// The packet's position in its log; its offset is the log's epoch followed by this number in base 36.
    public let sequence: UInt64
    /// The packet, its offset as its last argument.
    public let packet: SocketIOPacket
    /// The packet as written to every receiver.
    public let messages: [EngineMessage]
    /// The rooms and exclusions of the broadcast, which decide who gets it back.
    public let options: BroadcastOptions
    /// When it was emitted, on the loop clock.
    public let emittedAt: Duration
    /// The encoded size, counted against `ConnectionStateRecovery.maxBytes`.
    public let byteCount: Int

    /// An entry from its parts (`RecoveryLog.append` makes them).
    public init(
        sequence: UInt64, packet: SocketIOPacket, messages: [EngineMessage], options: BroadcastOptions,
        emittedAt: Duration, byteCount: Int
    ) {
        self.sequence = sequence
        self.packet = packet
        self.messages = messages
        self.options = options
        self.emittedAt = emittedAt
        self.byteCount = byteCount
    }

    /// Whether a socket that was in `rooms` would have received it (socket.io-adapter `shouldIncludePacket`): in
    /// one of the target rooms (or there are none), and in none of the excluded ones.
    public func isFor(rooms: Set<Room>) -> Bool {
        (options.rooms.isEmpty || !options.rooms.isDisjoint(with: rooms)) && options.except.isDisjoint(with: rooms)
    }
}
