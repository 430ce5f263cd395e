// SPDX-License-Identifier: MIT

import SIOEngineIO
import Synchronization

/// The `RecoveryLog` of one namespace behind a lock, so that every loop serving the namespace shares it: a
/// broadcast gets its offset once, where it is emitted, and a client that comes back on another loop finds its
/// session and the packets after its offset (SIOLoops' `LoopAdapterGroup` gives all its loops one store per
/// namespace; a single-loop server has one per namespace, in its `InMemoryAdapter`).
///
/// Every call takes `now` from the caller's loop clock (`EventLoop.now`); the loops of a process share the
/// system's monotonic clock. The lock is held to number, encode and append one packet, or to look a session up.
public final class SessionStore: Sendable {
    private let log: Mutex<RecoveryLog>
    /// The prefix of this store's offsets.
    public let epoch: String

    /// An empty store with a random epoch (the prefix of its offsets, so that another store's are unknown).
    public init(configuration: ConnectionStateRecovery) {
        epoch = String(SessionID.random().rawValue.prefix(6))
        log = Mutex(RecoveryLog(configuration: configuration, epoch: epoch))
    }

    /// The bounds and the window.
    public var configuration: ConnectionStateRecovery { log.withLock { $0.configuration } }

    /// Gives a replayable `packet` its offset and keeps it (see `RecoveryLog.append`); returns the packet to send,
    /// encoded by `encode` (the server's parser, `Server.engineMessages(for:)`).
    public func record(
        _ packet: SocketIOPacket, options: BroadcastOptions, now: Duration,
        encode: (SocketIOPacket) -> [EngineMessage]
    ) -> (packet: SocketIOPacket, messages: [EngineMessage]) {
        guard RecoveryLog.isReplayable(packet, options: options) else { return (packet, encode(packet)) }
        return log.withLock { $0.append(packet, options: options, now: now, encode: encode) }
    }

    /// Keeps the session of a socket whose connection dropped.
    public func persist(_ session: RecoverableSession, now: Duration) {
        log.withLock { $0.persist(session, now: now) }
    }

    /// Takes the session `pid` out if it can be recovered from `offset` (`RecoveryLog.takeSession`).
    public func takeSession(
        pid: String, offset: String, now: Duration
    ) -> (session: RecoverableSession, sequence: UInt64)? {
        log.withLock { $0.takeSession(pid: pid, offset: offset, now: now) }
    }

    /// The packets after `sequence` for a socket in `rooms`, or `nil` for a gap (`RecoveryLog.packets`).
    public func packets(after sequence: UInt64, for rooms: Set<Room>) -> (entries: [RecoveryEntry], through: UInt64)? {
        log.withLock { $0.packets(after: sequence, for: rooms) }
    }

    /// The sequence number of `offset`, if it is one of this store's.
    public func sequence(of offset: String) -> UInt64? {
        RecoveryLog.sequence(of: offset, epoch: epoch)
    }

    /// Whether it keeps nothing once what has expired at `now` is dropped (`SessionStores` then forgets it).
    public func isEmpty(now: Duration) -> Bool {
        log.withLock { log in
            log.prune(now: now)
            return log.packets.isEmpty && log.sessions.isEmpty
        }
    }

    /// How many packets and sessions are kept now, and their bytes (for metrics and tests).
    public var counts: (packets: Int, bytes: Int, sessions: Int) {
        log.withLock { ($0.packets.count, $0.byteCount, $0.sessions.count) }
    }
}
