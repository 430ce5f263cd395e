// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

/// One client in one namespace (socket.io `socket.ts`): what `connection` handlers receive.
///
/// ```swift
/// io.onConnection { socket in
///     socket.join("lobby")
///     socket.on("chat") { args in socket.to("lobby").emit("chat", args) }       // everyone else in the lobby
///     socket.on("echo") { args, ack in ack?(args) }                              // answers the client's ack
///     socket.timeout(.seconds(5)).emit("ping") { result in print(result) }       // asks the client for one
///     socket.onDisconnect { reason in print(socket.id, "left:", reason) }
/// }
/// ```
///
/// `id` is random and distinct from the Engine.IO session id: the session id is a credential for the polling
/// transport, and socket ids are shown to other clients (`io.to(id)`, presence lists). The socket is in the room
/// named by its id from connection until it leaves its namespace, when it leaves every room.
///
/// Memory: a socket holds its handlers, its pending acknowledgements and a few fields; its rooms live in the
/// namespace's adapter. When it disconnects, it drops every handler, which breaks the usual cycle of a handler
/// capturing its own socket.
///
/// Threading: a socket belongs to its namespace's loop. Its state (`data`, `rooms`, handlers) is read and changed
/// only there: in handlers, or in a `task` started from one, which resumes on the loop after each `await`. A debug
/// build traps, naming the loop, when that state is touched from another thread. Sending (`emit`, `join`,
/// `leave`, `disconnect`) is safe from anywhere: it hops onto the loop.
// `@unchecked Sendable`: its mutable fields are confined to `loop` (checked in debug builds by `assertInEventLoop`);
// a checked form would put every field behind a box and a check on the hot path of every packet.
public final class Socket: @unchecked Sendable {
    /// This socket's id (Socket.IO v5: random, distinct from the Engine.IO session id); also the name of its own room.
    public let id: SocketID
    /// The namespace the socket connected to.
    public let namespace: Namespace
    /// The request and CONNECT payload that created this socket.
    public let handshake: Handshake
    /// The loop this socket, its namespace and its connection live on.
    public let loop: EventLoop
    /// True from the CONNECT reply until the socket leaves its namespace.
    public private(set) var connected = false
    /// Whether this socket is one that came back (connection state recovery): same id, rooms and `data` as before
    /// its connection dropped, and the packets it missed sent before anything new (Node's `socket.recovered`).
    public let recovered: Bool

    /// Free for the application (a user name, a role, ...); Node's `socket.data`. Loop-bound.
    public var data: SocketIOObject {
        get {
            loop.assertInEventLoop("Socket.data of \(id)")
            return storedData
        }
        // `_modify`, not `set`: `socket.data["role"] = "admin"` then changes the dictionary in place, without a copy.
        _modify {
            loop.assertInEventLoop("Socket.data of \(id)")
            yield &storedData
        }
    }
    private var storedData: SocketIOObject = [:]

    let client: Client
    var handlers: [String: [(([SocketIOValue], Acknowledgement?) -> Void)]] = [:]
    var anyListeners: [(id: ListenerID, body: (String, [SocketIOValue]) -> Void)] = []
    var anyOutgoingListeners: [(id: ListenerID, body: (String, [SocketIOValue]) -> Void)] = []
    var disconnectingHandlers: [(DisconnectReason) -> Void] = []
    var disconnectHandlers: [(DisconnectReason) -> Void] = []
    var nextListenerID = 0
    var acks: [Int: PendingAck] = [:]
    /// Per-socket packet middleware (`use`, in Socket+Use.swift), run before the handlers of each event.
    var packetMiddlewares: [PacketMiddleware] = []
    /// The private session id of connection state recovery (Node's `socket.pid`), sent only in the CONNECT answer.
    let pid: String?
    /// For a recovered socket: the sequence number of the client's offset, then, once connected, the last one
    /// replayed. A broadcast numbered up to it that reaches the socket later was already replayed (it was on its
    /// way from another loop) and is skipped: every missed packet arrives once.
    var recoveredThrough: UInt64?
    /// The rooms a recovered socket joins when it connects.
    private var restoredRooms: Set<Room> = []
    /// Set once the socket has left its namespace for good: `join` does nothing from then on (Node swaps `join`
    /// for a no-op in `_cleanup`), so that a late `join` cannot leave an id in a room forever.
    private var cleanedUp = false

    /// A new socket, or, given a `session`, the socket that session left behind (Node's `Socket` constructor with
    /// `previousSession`): its id, pid and `data` now, its rooms when it connects.
    init(namespace: Namespace, client: Client, handshake: Handshake, session: (RecoverableSession, UInt64)? = nil) {
        self.namespace = namespace
        self.client = client
        self.handshake = handshake
        self.loop = namespace.loop
        if let (session, sequence) = session {
            id = session.sid
            pid = session.pid
            storedData = session.data
            restoredRooms = session.rooms
            recoveredThrough = sequence
            recovered = true
        } else {
            id = SessionID.random().rawValue
            pid = namespace.server.configuration.connectionStateRecovery == nil ? nil : SessionID.random().rawValue
            recovered = false
        }
    }

    /// The opposite of `connected`, as Node spells it.
    public var disconnected: Bool { !connected }

    /// The rooms this socket is in, its own included. Loop-bound: after `join` from another thread, the rooms
    /// change once the loop has run the join.
    public var rooms: Set<Room> {
        loop.assertInEventLoop("Socket.rooms of \(id)")
        return namespace.adapter.rooms(of: id)
    }

    /// The Engine.IO connection underneath (Node's `socket.conn`): `conn.transportName` says `polling` or `websocket`.
    public var conn: EngineSession { client.session }

    // MARK: Rooms

    /// Joins `rooms`; joining a room twice does nothing.
    public func join(_ rooms: Room...) { join(rooms) }
    /// The same, with the rooms as an array.
    public func join(_ rooms: [Room]) {
        loop.runOnLoop { [self] in
            guard !cleanedUp else { return }
            namespace.adapter.addAll(id, to: Set(rooms))
        }
    }

    /// Leaves `room`.
    public func leave(_ room: Room) {
        loop.runOnLoop { [self] in namespace.adapter.remove(id, from: room) }
    }

    // MARK: Broadcasting from this socket (everyone but itself)

    /// The sockets in `rooms`, except this one.
    public func to(_ rooms: Room...) -> BroadcastOperator { broadcast.to(rooms) }
    /// The same, with the rooms as an array.
    public func to(_ rooms: [Room]) -> BroadcastOperator { broadcast.to(rooms) }
    /// Same as `to`.
    public func `in`(_ rooms: Room...) -> BroadcastOperator { broadcast.to(rooms) }
    /// Every socket of the namespace except this one and those in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { broadcast.except(rooms) }
    /// Every socket of the namespace except this one.
    public var broadcast: BroadcastOperator {
        BroadcastOperator(scope: .namespace(namespace), options: BroadcastOptions(except: [id]))
    }
    /// Like `broadcast`, for this server's sockets only.
    public var local: BroadcastOperator { broadcast.local }

    // MARK: Leaving

    /// Removes the socket from its namespace: the client gets `41` and the reason is `server namespace disconnect`.
    /// With `close`, the whole connection closes (every namespace of this client leaves).
    public func disconnect(close: Bool = false) {
        loop.runOnLoop { [self] in
            guard connected else { return }
            if close {
                client.disconnectAll()
            } else {
                client.write(SocketIOPacket(type: .disconnect, namespace: namespace.name))
                self.close(reason: .serverNamespaceDisconnect)
            }
        }
    }

    // MARK: Adapter hooks

    /// Writes a packet encoded once for many sockets (what an `Adapter` calls for each receiver). The outgoing
    /// catch-all listeners see it first. A recovered socket skips a packet it was sent when it came back.
    /// `compress: false` (the broadcast's `compress(false)`) keeps it uncompressed.
    public func deliver(_ packet: SocketIOPacket, encoded messages: [EngineMessage], volatile: Bool, compress: Bool = true) {
        if let recoveredThrough, let sequence = replaySequence(of: packet), sequence <= recoveredThrough { return }
        if !anyOutgoingListeners.isEmpty, let name = packet.eventName { notifyOutgoing(name, packet.arguments) }
        client.server.statistics.broadcastReceivers += 1
        client.write(messages, volatile: volatile, compress: compress)
    }

    // MARK: Life cycle (called by the namespace and the client)

    /// The namespace admitted the socket: join its own room (a recovered socket: its old rooms too), then send the
    /// CONNECT reply (Node `_onconnect`), with the pid when recovery is on, then what a recovered socket missed.
    ///
    /// Node sends the missed packets before the CONNECT reply and its client buffers them until connected; after
    /// it, they reach any client in the same order, and the connection handlers, which run next, emit after them.
    /// Returns `false` when they cannot all be sent any more (more than the log's bound were emitted while the
    /// middleware ran): the connection is then closed rather than recovered with a gap.
    func didConnect() -> Bool {
        connected = true
        namespace.adapter.addAll(id, to: restoredRooms.union([id]))
        var reply: SocketIOObject = ["sid": .string(id)]
        if let pid { reply["pid"] = .string(pid) }
        client.write(SocketIOPacket(type: .connect, namespace: namespace.name, data: .object(reply)))
        guard let sequence = recoveredThrough, let store = namespace.adapter.sessionStore else { return true }
        guard let missed = store.packets(after: sequence, for: restoredRooms.union([id])) else { return false }
        for entry in missed.entries { deliver(entry.packet, encoded: entry.messages, volatile: false) }
        recoveredThrough = missed.through
        restoredRooms = []
        return true
    }

    /// A packet for this socket's namespace arrived.
    func receive(_ packet: SocketIOPacket) {
        switch packet.type {
        case .event, .binaryEvent: dispatch(packet)
        case .ack, .binaryAck: resolveAck(packet)
        case .disconnect: close(reason: .clientNamespaceDisconnect)
        case .connect, .connectError: break
        }
    }

    /// The socket leaves its namespace (Node `_onclose`): `disconnecting` handlers (rooms still joined), then rooms
    /// and tables are cleaned up, pending acknowledgements fail, and `disconnect` handlers run last.
    func close(reason: DisconnectReason) {
        guard connected else { return }
        for handler in disconnectingHandlers { handler(reason) }
        persistSession(reason)
        cleanUp()
        client.remove(self)
        connected = false
        failPendingAcks()
        let handlers = disconnectHandlers
        dropHandlers()
        for handler in handlers { handler(reason) }
    }

    /// Leaves every room and the namespace's tables (Node `_cleanup`); also used for a socket refused by middleware.
    func cleanUp() {
        cleanedUp = true
        namespace.adapter.removeAll(id)
        namespace.remove(self)
        if !connected { dropHandlers() }
    }

    private func dropHandlers() {
        handlers = [:]
        anyListeners = []
        anyOutgoingListeners = []
        disconnectingHandlers = []
        disconnectHandlers = []
        packetMiddlewares = []
    }
}

extension Socket {
    /// Disconnections the client did not ask for, after which its session is kept (Node's
    /// `RECOVERABLE_DISCONNECT_REASONS`): the connection dropped, or the server closed it.
    static let recoverableReasons: Set<DisconnectReason> = [
        .transportError, .transportClose, .forcedClose, .pingTimeout, .serverShuttingDown, .forcedServerClose,
    ]

    /// Keeps what a returning client needs (Node `_onclose` calling `persistSession`), rooms still joined.
    fileprivate func persistSession(_ reason: DisconnectReason) {
        guard let pid, Self.recoverableReasons.contains(reason), let store = namespace.adapter.sessionStore else {
            return
        }
        store.persist(RecoverableSession(sid: id, pid: pid, rooms: rooms, data: storedData), now: loop.now)
    }

    /// The sequence number of the offset a replayable packet carries as its last argument, if it is this
    /// namespace's store's.
    fileprivate func replaySequence(of packet: SocketIOPacket) -> UInt64? {
        guard let offset = packet.data?.arrayValue?.last?.stringValue else { return nil }
        return namespace.adapter.sessionStore?.sequence(of: offset)
    }
}
