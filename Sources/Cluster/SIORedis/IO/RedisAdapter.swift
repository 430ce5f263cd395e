// SPDX-License-Identifier: MIT

import SIOCluster
import SIOHTTP
import SIOServer

/// The adapter of one namespace in a cluster of servers that share a Redis (`@socket.io/redis-adapter` 8,
/// `RedisAdapter`; the wire format is in `RedisChannels`, `RedisBroadcast`, `RedisRequest`, `RedisResponse`).
///
/// Rooms stay local: an `InMemoryAdapter` keeps this server's sockets and rooms, exactly as on a single server,
/// and every delivery to a socket goes through it. What the Redis adapter adds is the traffic between servers:
///
/// - a broadcast is delivered here *and* published (unless `.local`): to `socket.io#/#room#` when it targets one
///   room, else to `socket.io#/#`. Every other server receives it, ignores it if it is its own (same `uid`) or
///   names a room it has no socket in, and delivers it to its own matching sockets;
/// - the other operations are requests on `socket.io-request#/#`, answered on `socket.io-response#/#`:
///   join, leave and disconnect are applied here at once and sent to the others without waiting; fetch and
///   server-side emit with an ack wait for one answer per other server, counted with `PUBSUB NUMSUB`, for at
///   most `requestsTimeout`; a broadcast with an ack collects each server's client count, then each answer.
///
/// When Redis is unreachable, everything local keeps working and the servers simply do not hear each other:
/// the server counts itself alone (`serverCount` is 1), so requests complete at once with local results.
package final class RedisAdapter: LocalRoomsAdapter {
    /// This server's id in the cluster for this namespace (6 random characters, like Node's `uid2(6)`).
    package let uid: String
    package unowned let namespace: Namespace
    /// This server's rooms and sockets.
    package let local: InMemoryAdapter
    package let channels: RedisChannels
    package let serverSideEvents = ServerSideEvents()
    let factory: RedisAdapterFactory
    /// Requests of this server that wait for answers, by request id.
    var requests: [String: PendingRequest] = [:]
    /// Broadcasts with an ack of this server whose remote counts and answers are still accepted.
    var ackRequests: [String: (clientCount: (Int) -> Void, response: ([SocketIOValue]) -> Void)] = [:]

    package init(namespace: Namespace, factory: RedisAdapterFactory) {
        self.namespace = namespace
        self.factory = factory
        uid = RandomID.make()
        local = InMemoryAdapter(namespace: namespace)
        channels = RedisChannels(prefix: factory.options.key, namespace: namespace.name)
        let subscriber = factory.subscriber
        subscriber.psubscribe(channels.broadcastPattern) { [weak self] _, channel, payload in
            self?.receiveBroadcast(channel: channel, payload: payload)
        }
        subscriber.subscribe(channels.request) { [weak self] _, payload in self?.receiveRequest(payload) }
        for channel in [channels.response, channels.response(for: uid)] {
            subscriber.subscribe(channel) { [weak self] _, payload in self?.receiveResponse(payload) }
        }
    }

    /// The namespace is removed (a dynamic child left empty): unsubscribe from its channels, as Node's `close()`
    /// does, so that neither Redis nor the subscriber's tables keep the name. Requests still waiting end now,
    /// with the answers they have, as at their timeout: the servers that have not answered will not be heard.
    package func close() {
        let subscriber = factory.subscriber
        subscriber.punsubscribe(channels.broadcastPattern)
        for channel in [channels.request, channels.response, channels.response(for: uid)] {
            subscriber.unsubscribe(channel)
        }
        let waiting = requests.values
        requests = [:]
        ackRequests = [:]
        for pending in waiting { pending.finish(.failure(pending.timeoutError)) }
    }

    // MARK: Adapter (rooms are local: `LocalRoomsAdapter` forwards the room methods to `local`)

    package func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions) {
        if !options.flags.local {
            let message = RedisBroadcast(uid: uid, packet: packet, options: options)
            factory.publish(channels.channel(for: options), message.encoded())
        }
        local.broadcast(packet, options: options)
    }

    // MARK: ClusterAdapter

    /// `PUBSUB NUMSUB socket.io-request#<nsp>#`: every server of the namespace subscribes to that channel.
    package func serverCount(_ completion: @escaping (Int) -> Void) {
        factory.publisher.send("PUBSUB", "NUMSUB", channels.request) { result in
            let count = (try? result.get())?.arrayValue.flatMap { $0.count == 2 ? $0[1].intValue : nil }
            completion(max(count ?? 1, 1))
        }
    }

    package func broadcastWithAck(
        _ packet: SocketIOPacket, options: BroadcastOptions, onClientCount: @escaping (Int) -> Void,
        onResponse: @escaping ([SocketIOValue]) -> Void
    ) {
        let requestId = RandomID.make()
        let request = RedisRequest(uid: uid, requestId: requestId, kind: .broadcast(packet: packet, options: options))
        factory.publish(channels.request, request.encoded())
        ackRequests[requestId] = (onClientCount, onResponse)
        // Like Node, answers are accepted for the broadcast's timeout; one without a timeout gets `requestsTimeout`.
        namespace.server.loop.schedule(after: options.flags.timeout ?? factory.options.requestsTimeout) { [weak self] in
            self?.ackRequests[requestId] = nil
        }
        onClientCount(local.broadcastWithAck(packet, options: options, onResponse: onResponse))
    }

    package func fetchRemoteSockets(
        matching options: BroadcastOptions, completion: @escaping (Result<[SocketDetails], ClusterTimeoutError>) -> Void
    ) {
        ask(.remoteFetch(options: options), request: .fetchSockets) { outcome in
            switch outcome {
            case .success(let answers):
                completion(.success(answers.flatMap { ($0.arrayValue ?? []).compactMap(SocketDetails.init(wire:)) }))
            case .failure(let error):
                completion(.failure(error))
            }
        }
    }

    package func addRemoteSockets(matching options: BroadcastOptions, to rooms: [Room]) {
        tell(.remoteJoin(options: options, rooms: rooms))
    }

    package func removeRemoteSockets(matching options: BroadcastOptions, from rooms: [Room]) {
        tell(.remoteLeave(options: options, rooms: rooms))
    }

    package func disconnectRemoteSockets(matching options: BroadcastOptions, close: Bool) {
        tell(.remoteDisconnect(options: options, close: close))
    }

    package func serverSideEmit(
        _ event: String, _ arguments: [SocketIOValue], ack: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?
    ) {
        let data = [SocketIOValue.string(event)] + arguments
        guard let ack else { return tell(.serverSideEmit(data: data)) }
        ask(.serverSideEmit(data: data), request: .serverSideEmit, completion: ack)
    }

    // MARK: Requests of this server

    private func tell(_ kind: RedisRequest.Kind) {
        factory.publish(channels.request, RedisRequest(uid: uid, kind: kind).encoded())
    }

    /// Publishes a request and waits for one answer per other server (counted with `serverCount`, this server
    /// excluded), or `requestsTimeout`. With no other server it completes at once, with no answers.
    private func ask(
        _ kind: RedisRequest.Kind, request: ClusterTimeoutError.Request,
        completion: @escaping (Result<[SocketIOValue], ClusterTimeoutError>) -> Void
    ) {
        serverCount { [self] servers in
            let expected = servers - 1
            guard expected > 0 else { return completion(.success([])) }
            let requestId = RandomID.make()
            let pending = PendingRequest(kind: request, expected: expected, completion: completion)
            requests[requestId] = pending
            pending.timer = namespace.server.loop.schedule(after: factory.options.requestsTimeout) { [weak self] in
                guard let self, let pending = requests.removeValue(forKey: requestId) else { return }
                factory.statistics.requestsTimedOut += 1
                let answers = "\(pending.answers.count) of \(expected) answers"
                factory.log?(.warning, "redis: \(request.rawValue) on \(namespace.name) timed out with \(answers)")
                pending.finish(.failure(pending.timeoutError))
            }
            let published = factory.publish(channels.request, RedisRequest(uid: uid, requestId: requestId, kind: kind).encoded())
            if !published, let pending = requests.removeValue(forKey: requestId) {
                // Redis went away between the count and the request: nobody else can answer.
                pending.finish(.success([]))
            }
        }
    }
}
