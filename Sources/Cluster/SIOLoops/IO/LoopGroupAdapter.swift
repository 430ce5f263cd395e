// SPDX-License-Identifier: MIT

import SIOCluster
import SIOEngineIO
import SIOHTTP
import SIOServer

/// The adapter of one namespace on one loop of a `LoopAdapterGroup`: what `RedisAdapter` does between processes,
/// done between the event loops of one process, with `loop.execute` as the bus.
///
/// Rooms stay local: an `InMemoryAdapter` keeps this loop's sockets and rooms, and every delivery to a socket goes
/// through it, on the socket's own loop. What this adapter adds is the traffic between loops:
///
/// - a broadcast (unless `.local`) is encoded once, here, and the same `[EngineMessage]` array is delivered here
///   and handed to every other loop, whose adapter of the same namespace writes it to its matching sockets;
/// - join, leave, disconnect and server-side emits without an ack are applied here by the caller and sent to the
///   other loops without waiting;
/// - fetching sockets and server-side emits with an ack wait for one answer per other loop; a broadcast with an
///   ack collects each loop's client count, then each socket's answer.
///
/// Values crossing threads are `Sendable` (packets, options, encoded messages, socket details); the callbacks of
/// this loop travel in a `LoopBound` and are called only back here, through `execute` on this loop.
///
/// Only `serverSideEmit` with an ack has a timeout (`LoopAdapterGroup.requestsTimeout`). The other requests are
/// answered by the adapters themselves, at once, on a loop of the same process: an answer can only be missing if
/// that loop has stopped, which happens when the process shuts down and nobody waits any more. A server-side
/// emit is answered by the application's `onServerSideEmit` handlers, which may answer late, or never (no
/// handler for that event, a handler that ignores `ack`), as with Redis.
///
/// `package`: an application never names it; it gets it as `any Adapter` from `LoopAdapterGroup.adapter(for:)`.
package final class LoopGroupAdapter: LocalRoomsAdapter {
    /// The namespace it serves on this loop; `unowned`, as the namespace owns its adapter.
    package unowned let namespace: Namespace
    /// This loop's rooms and sockets.
    package let local: InMemoryAdapter
    /// This loop's `onServerSideEmit` handlers of the namespace, which the other loops' `serverSideEmit` reach.
    package let serverSideEvents = ServerSideEvents()
    /// The loops it reaches and the request timeout they share.
    package let group: LoopAdapterGroup
    /// This loop's position in `group.loops`.
    package let index: Int

    init(namespace: Namespace, group: LoopAdapterGroup, index: Int) {
        self.namespace = namespace
        self.group = group
        self.index = index
        local = InMemoryAdapter(namespace: namespace, sessionStore: group.sessionStore(for: namespace))
    }

    /// The namespace's store on every loop of the group (connection state recovery), or `nil` with recovery off.
    package var sessionStore: SessionStore? { local.sessionStore }

    // MARK: Adapter (rooms are local: `LocalRoomsAdapter`)

    /// Encodes `packet` once and writes the same messages to this loop's matching sockets and, unless `.local`,
    /// to every other loop's (socket.io-adapter `broadcast`: encode once, deliver everywhere). It is encoded with
    /// this loop's parser: every loop's server is set up by the same `onEach`, so they share the parser. With
    /// connection state recovery on, the packet gets its offset here, once, in the store every loop shares, and every
    /// loop sends it with that offset. A `.local` broadcast gets none and is not kept, as in Node's `ClusterAdapter`:
    /// the store does not say which loop a packet stayed on, so a client coming back on another loop would get
    /// a packet it was never meant to.
    package func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        let encode = namespace.server.engineMessages(for:)
        let recorded =
            options.flags.local
            ? nil : local.sessionStore?.record(packet, options: options, now: namespace.loop.now, encode: encode)
        let (packet, messages) = recorded ?? (packet, encode(packet))
        if !options.flags.local {
            forEachPeer { $0?.local.broadcast(packet, encoded: messages, options: options) }
        }
        local.broadcast(packet, encoded: messages, options: options)
    }

    /// The namespace is removed on this loop: its entry leaves the group's table. The other loops keep theirs.
    package func close() {
        group.forget(self)
    }

    // MARK: ClusterAdapter

    /// Every loop of the group counts, whether the namespace exists there or not (a dynamic namespace is created on
    /// a loop when its first client there asks for it). A loop without it has no sockets: it reports 0 clients to a
    /// broadcast with an ack, and it is not waited for by a server-side emit, having no handler that could answer.
    package func serverCount(_ completion: @escaping (Int) -> Void) {
        completion(group.loops.count)
    }

    /// Each packet carries an ack id of its own loop's namespace, so each loop encodes the packet once for its own
    /// sockets (a loop without the namespace reports 0 clients). Answers and counts come back here.
    package func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onClientCount: @escaping (Int) -> Void,
        onResponse: @escaping ([SocketIOValue]) -> Void
    ) {
        let origin = namespace.loop
        let callbacks = LoopBound((clientCount: onClientCount, response: onResponse), loop: origin)
        forEachPeer { peer in
            let count = peer?.deliverWithAck(packet, options: options) { arguments in
                origin.execute { callbacks.value.response(arguments) }
            }
            origin.execute { callbacks.value.clientCount(count ?? 0) }
        }
        onClientCount(local.broadcastWithAck(packet, options: options, onResponse: onResponse))
    }

    /// The matching sockets of every other loop, described (`SocketDetails`); this loop's come from `local`.
    package func fetchRemoteSockets(
        matching options: BroadcastOptions, completion: @escaping (Result<[SocketDetails], ClusterTimeoutError>) -> Void
    ) {
        let request = LoopGroupRequest<[SocketDetails]>(peers: group.loops.count - 1) { found in
            completion(.success(found.flatMap { $0 }))
        }
        ask(request) { peer, answer in answer(peer?.local.sockets(matching: options).map(\.details)) }
    }

    /// `socketsJoin` on the other loops: their matching sockets join `rooms` (this loop's were joined by the caller).
    package func addRemoteSockets(matching options: BroadcastOptions, to rooms: [Room]) {
        forEachPeerSocket(matching: options) { $0.join(rooms) }
    }

    /// `socketsLeave` on the other loops: their matching sockets leave `rooms`.
    package func removeRemoteSockets(matching options: BroadcastOptions, from rooms: [Room]) {
        forEachPeerSocket(matching: options) { socket in
            for room in rooms { socket.leave(room) }
        }
    }

    /// `disconnectSockets` on the other loops: their matching sockets are disconnected (with `close`, their
    /// whole Engine.IO connection).
    package func disconnectRemoteSockets(matching options: BroadcastOptions, close: Bool) {
        forEachPeerSocket(matching: options) { $0.disconnect(close: close) }
    }

    /// Delivers a server-side event to the namespace's `onServerSideEmit` handlers on every other loop; with
    /// `ack`, waits for one answer per loop up to `group.requestsTimeout` (then `ClusterTimeoutError` with the
    /// answers so far, as the Redis adapter does).
    package func serverSideEmit(
        _ event: String, _ arguments: [SocketIOValue], ack: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?
    ) {
        guard let ack else {
            return forEachPeer { $0?.serverSideEvents.dispatch(event, arguments, ack: nil) }
        }
        let request = LoopGroupRequest<SocketIOValue>(peers: group.loops.count - 1) { ack(.success($0)) }
        request.timeOut(after: group.requestsTimeout, on: namespace.loop) { request in
            let error = ClusterTimeoutError(
                request: .serverSideEmit, received: request.answers.count, expected: request.expected,
                responses: request.answers)
            ack(.failure(error))
        }
        ask(request) { peer, answer in
            guard let peer else { return answer(nil) }
            peer.serverSideEvents.dispatch(event, arguments) { answer($0) }
        }
    }

    // MARK: Reaching the other loops

    private func forEachPeer(_ body: @escaping @Sendable (LoopGroupAdapter?) -> Void) {
        group.forEachPeer(of: index, namespace: namespace.name, body)
    }

    private func forEachPeerSocket(matching options: BroadcastOptions, _ body: @escaping @Sendable (Socket) -> Void) {
        forEachPeer { peer in
            for socket in peer?.local.sockets(matching: options) ?? [] { body(socket) }
        }
    }

    /// Runs `question` on every other loop, with that loop's adapter (or `nil`) and a function that sends the
    /// loop's answer back here to `request`.
    private func ask<Answer: Sendable>(
        _ request: LoopGroupRequest<Answer>,
        _ question: @escaping @Sendable (LoopGroupAdapter?, _ answer: @escaping @Sendable (Answer?) -> Void) -> Void
    ) {
        let origin = namespace.loop
        let pending = LoopBound(request, loop: origin)
        forEachPeer { peer in
            question(peer) { answer in origin.execute { pending.value.receive(answer) } }
        }
    }

    /// Delivers another loop's broadcast with an ack to this loop's sockets, under an ack id of this loop's
    /// namespace (ids are per namespace and per loop, like Node's `nsp._ids`). Returns how many sockets got it.
    ///
    /// The other loop forgets its own ack id at the broadcast's timeout; this loop forgets its id then too, so a
    /// socket that never answers does not keep the handler until it disconnects.
    private func deliverWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onResponse: @escaping ([SocketIOValue]) -> Void
    ) -> Int {
        var packet = packet
        let id = namespace.nextAckID()
        packet.ackId = id
        let count = local.broadcastWithAck(packet, options: options, onResponse: onResponse)
        if count > 0, let timeout = options.flags.timeout {
            namespace.loop.schedule(after: timeout) { [weak self] in
                guard let self else { return }
                for socket in namespace.sockets.values { socket.forgetAck(id) }
            }
        }
        return count
    }
}
