// SPDX-License-Identifier: MIT

import SIOCluster
import SIOServer

/// What arrives from the other servers (`@socket.io/redis-adapter` 8 `onmessage`, `onrequest`, `onresponse`).
///
/// Every server subscribes to every message of the namespace, its own included: each handler first drops
/// what this server sent itself (same `uid`). This server applies its own operations locally when it makes
/// them, so it never waits for Redis to echo them back (Node's adapter applies its own join, leave and
/// disconnect requests only when Redis echoes them, so they are lost with Redis; ours are not).
extension RedisAdapter {
    /// A broadcast on `socket.io#<nsp>#` or `socket.io#<nsp>#<room>#`.
    func receiveBroadcast(channel: String, payload: [UInt8]) {
        guard let room = channels.room(inBroadcastChannel: channel) else { return }
        // A broadcast to one room that has no member here needs no decoding at all.
        if !room.isEmpty, local.rooms[room] == nil { return }
        let message: RedisBroadcast
        do {
            message = try RedisBroadcast(decoding: payload)
        } catch {
            return malformed("broadcast", error)
        }
        guard message.uid != uid, message.packet.namespace == namespace.name else { return }
        local.broadcast(message.packet, options: message.options)
    }

    /// A request on `socket.io-request#<nsp>#`.
    func receiveRequest(_ payload: [UInt8]) {
        let request: RedisRequest
        do {
            request = try RedisRequest(decoding: payload)
        } catch {
            return malformed("request", error)
        }
        guard request.uid != uid else { return }
        switch request.kind {
        case .sockets(let rooms):
            let ids = local.sockets(matching: BroadcastOptions(rooms: rooms)).map { SocketIOValue.string($0.id) }
            respond(to: request, .sockets(ids))
        case .allRooms:
            respond(to: request, .rooms(local.rooms.keys.sorted()))
        case .remoteJoin(let options, let rooms):
            for socket in local.sockets(matching: options) { socket.join(rooms) }
        case .remoteLeave(let options, let rooms):
            for socket in local.sockets(matching: options) {
                for room in rooms { socket.leave(room) }
            }
        case .remoteDisconnect(let options, let close):
            for socket in local.sockets(matching: options) { socket.disconnect(close: close) }
        case .remoteFetch(let options):
            respond(to: request, .sockets(local.sockets(matching: options).map(\.details.wireValue)))
        case .serverSideEmit(let data):
            receiveServerSideEmit(data, requestId: request.requestId)
        case .broadcast(var packet, let options):
            // Delivered here with an ack id of this namespace; the answers go back to the requester.
            packet.namespace = namespace.name
            packet.ackId = namespace.nextAckID()
            let count = local.broadcastWithAck(packet, options: options) { [weak self] arguments in
                self?.respond(to: request, .broadcastAck(arguments.first))
            }
            respond(to: request, .clientCount(count))
        }
    }

    /// An answer on `socket.io-response#<nsp>#` (or this server's own response channel).
    func receiveResponse(_ payload: [UInt8]) {
        let response: RedisResponse
        do {
            response = try RedisResponse(decoding: payload)
        } catch {
            return malformed("response", error)
        }
        if let ack = ackRequests[response.requestId] {
            switch response.kind {
            case .clientCount(let count): ack.clientCount(count)
            // Node passes one value per answer; an answer without arguments arrives without `packet`.
            case .broadcastAck(let value): ack.response(value.map { [$0] } ?? [])
            default: break
            }
            return
        }
        guard let pending = requests[response.requestId] else { return }
        let answer: SocketIOValue
        switch (pending.kind, response.kind) {
        case (.fetchSockets, .sockets(let sockets)): answer = .array(sockets)
        case (.serverSideEmit, .serverSideEmitAck(let value)): answer = value ?? .null
        default: return
        }
        guard pending.receive(answer) else { return }
        requests[response.requestId] = nil
        pending.finish(.success(pending.answers))
    }

    /// Runs this namespace's `onServerSideEmit` handlers; their (first) answer goes to the shared response
    /// channel, as Node's adapter always does for this request type.
    private func receiveServerSideEmit(_ data: [SocketIOValue], requestId: String?) {
        guard let event = data.first?.stringValue else { return }
        var ack: ((SocketIOValue) -> Void)?
        if let requestId {
            ack = { [weak self] value in
                guard let self else { return }
                let response = RedisResponse(requestId: requestId, kind: .serverSideEmitAck(value))
                factory.publish(channels.response, response.encoded())
            }
        }
        serverSideEvents.dispatch(event, Array(data.dropFirst()), ack: ack)
    }

    private func respond(to request: RedisRequest, _ kind: RedisResponse.Kind) {
        guard let requestId = request.requestId else { return }
        let channel = factory.options.publishOnSpecificResponseChannel ? channels.response(for: request.uid) : channels.response
        factory.publish(channel, RedisResponse(requestId: requestId, kind: kind).encoded())
    }

    private func malformed(_ what: String, _ error: RedisMessageError) {
        factory.statistics.malformedMessages += 1
        factory.log?(.warning, "redis: ignored a malformed \(what) on \(namespace.name): \(error)")
    }
}
