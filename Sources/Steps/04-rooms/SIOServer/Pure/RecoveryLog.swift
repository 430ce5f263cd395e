// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The replayable packets and the disconnected sessions of one namespace (socket.io-adapter `in-memory-adapter.ts`
/// `SessionAwareAdapter`), as a pure value: time is passed in (`now`, on the loop clock), so tests drive it.
///
/// Offsets are the log's `epoch` followed by the packet's sequence number in base 36. Numbers, unlike Node's
/// random ids, say how far back an offset is: an offset older than the oldest packet kept is a gap, and the
/// session is not recovered; an offset at or after it is, with every later packet the socket would have received.
///
/// Bounds (`ConnectionStateRecovery`): packets older than `maxDisconnectionDuration` go, and so do the oldest
/// beyond `maxPackets` or `maxBytes`; sessions older than the window go, and the oldest beyond `maxSessions`.
/// Node prunes every 60 s on a timer; here every call prunes what has expired, so nothing outlives the window
/// by more than the time to the next packet or connection.
///
/// ```swift
/// var log = RecoveryLog(configuration: ConnectionStateRecovery(), epoch: "abc")
/// let options = BroadcastOptions(rooms: ["lobby"])
/// let sent = log.append(.event("chat", ["hi"]), options: options, now: now) { try! DefaultSocketIOParser().encode($0) }
/// // sent.arguments == ["hi", "abc1"]
/// ```
public struct RecoveryLog: Sendable {
    /// The bounds and the window.
    public let configuration: ConnectionStateRecovery
    /// The prefix of this log's offsets: an offset from another log (another process, a restart) is unknown.
    public let epoch: String
    /// The sessions waiting for their client, by pid.
    public private(set) var sessions: [String: RecoverableSession] = [:]
    /// The packets kept, oldest first, are `entries[start...]`: dropping the oldest moves `start` (compacted now
    /// and then) instead of shifting the array.
    private var entries: [RecoveryEntry] = []
    private var start = 0
    /// The sessions' pids in the order they were stored, with their time, for expiry and the session bound; a
    /// pid restored or stored again is skipped when its turn comes.
    private var sessionOrder: [(pid: String, at: Duration)] = []
    private var sessionStart = 0
    /// The last sequence number given, and the newest one dropped (every packet up to it is gone).
    private var lastSequence: UInt64 = 0
    private var droppedThrough: UInt64 = 0
    /// The encoded size of the packets kept.
    public private(set) var byteCount = 0

    /// An empty log.
    public init(configuration: ConnectionStateRecovery, epoch: String) {
        self.configuration = configuration
        self.epoch = epoch
    }

    /// The packets kept, oldest first.
    public var packets: ArraySlice<RecoveryEntry> { entries[start...] }

    /// Whether `packet` is kept and gets an offset (Node's `SessionAwareAdapter.broadcast`): an EVENT, without an
    /// acknowledgement (its callback could not be restored), not volatile (it may be dropped anyway).
    public static func isReplayable(_ packet: SocketIOPacket, options: BroadcastOptions) -> Bool {
        packet.type == .event && packet.ackId == nil && !options.flags.volatile && packet.data?.arrayValue != nil
    }

    /// Gives a replayable packet its offset as its last argument, keeps it, and returns it with the messages
    /// `encode` made of it; any other packet is returned as it is, with its messages.
    public mutating func append(
        _ packet: SocketIOPacket, options: BroadcastOptions, now: Duration,
        encode: (SocketIOPacket) -> [EngineMessage]
    ) -> (packet: SocketIOPacket, messages: [EngineMessage]) {
        guard Self.isReplayable(packet, options: options), case .array(var elements) = packet.data else {
            return (packet, encode(packet))
        }
        prune(now: now)
        lastSequence += 1
        elements.append(.string(offset(lastSequence)))
        var stamped = packet
        stamped.data = .array(elements)
        let messages = encode(stamped)
        let size = messages.reduce(0) { $0 + $1.byteCount }
        entries.append(RecoveryEntry(
            sequence: lastSequence, packet: stamped, messages: messages, options: options, emittedAt: now,
            byteCount: size))
        byteCount += size
        while entries.count - start > configuration.maxPackets || byteCount > configuration.maxBytes {
            dropOldestPacket()
        }
        return (stamped, messages)
    }

    /// Keeps the session of a socket whose connection dropped (Node `persistSession`).
    public mutating func persist(_ session: RecoverableSession, now: Duration) {
        prune(now: now)
        var session = session
        session.disconnectedAt = now
        sessions[session.pid] = session
        sessionOrder.append((session.pid, now))
        while sessions.count > configuration.maxSessions, sessionStart < sessionOrder.count { dropOldestSession() }
        if sessionOrder.count - sessionStart > 2 * max(configuration.maxSessions, 1) { compactSessionOrder() }
    }

    /// The session `pid` and the sequence number of `offset`, if the session is known and inside the window and
    /// nothing after `offset` was dropped (Node `restoreSession`, without its packets: `packets(after:for:)`
    /// reads them when the socket connects). The session is taken out: one pid comes back once.
    public mutating func takeSession(pid: String, offset: String, now: Duration) -> (RecoverableSession, UInt64)? {
        prune(now: now)
        guard let session = sessions[pid], let sequence = sequence(of: offset), sequence >= droppedThrough,
            sequence <= lastSequence
        else { return nil }
        sessions[pid] = nil
        return (session, sequence)
    }

    /// The packets after `sequence` that a socket in `rooms` would have received, in order, and the last
    /// sequence number they reach; `nil` if some packet after `sequence` was dropped since (a gap).
    public func packets(after sequence: UInt64, for rooms: Set<Room>) -> (entries: [RecoveryEntry], through: UInt64)? {
        guard sequence >= droppedThrough else { return nil }
        let first = start + Int(sequence - droppedThrough)
        return (entries[min(first, entries.count)...].filter { $0.isFor(rooms: rooms) }, lastSequence)
    }

    /// The sequence number of `offset`, if it is one of this log's.
    public func sequence(of offset: String) -> UInt64? { Self.sequence(of: offset, epoch: epoch) }

    /// The sequence number of `offset` in the log of epoch `epoch`, if it is one of that log's.
    public static func sequence(of offset: String, epoch: String) -> UInt64? {
        guard offset.hasPrefix(epoch) else { return nil }
        return UInt64(offset.dropFirst(epoch.count), radix: 36)
    }

    /// The offset of sequence number `sequence`.
    public func offset(_ sequence: UInt64) -> String {
        epoch + String(sequence, radix: 36)
    }

    /// Drops the packets and sessions older than the window.
    public mutating func prune(now: Duration) {
        let window = configuration.maxDisconnectionDuration
        while start < entries.count, entries[start].emittedAt + window < now { dropOldestPacket() }
        while sessionStart < sessionOrder.count, sessionOrder[sessionStart].at + window < now { dropOldestSession() }
    }

    private mutating func dropOldestPacket() {
        byteCount -= entries[start].byteCount
        droppedThrough = entries[start].sequence
        start += 1
        if start == entries.count {
            entries.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 1024, start * 2 >= entries.count {
            entries.removeFirst(start)
            start = 0
        }
    }

    /// Drops the oldest entry of `sessionOrder`, and its session if it is still the one stored then.
    private mutating func dropOldestSession() {
        let (pid, at) = sessionOrder[sessionStart]
        if sessions[pid]?.disconnectedAt == at { sessions[pid] = nil }
        sessionStart += 1
        if sessionStart >= 1024, sessionStart * 2 >= sessionOrder.count { compactSessionOrder() }
    }

    /// Keeps only the entries of `sessionOrder` whose session is still stored.
    private mutating func compactSessionOrder() {
        sessionOrder = sessionOrder[sessionStart...].filter { sessions[$0.pid]?.disconnectedAt == $0.at }
        sessionStart = 0
    }
}
