// SPDX-License-Identifier: MIT

import SIOHTTP

extension BroadcastOperator {
    /// Sends an event to the selected sockets and collects one answer per socket (Node 4.6+, `broadcast-operator.ts`).
    ///
    /// `ack` runs once, on the loop: with every socket's answer (each answer is the array of arguments that
    /// socket acknowledged with, in arrival order), or with `.timedOut(responses:)` holding the answers that arrived
    /// in time. Set a timeout with `timeout(_:)`: without one, a socket that never answers keeps the broadcast
    /// waiting forever. With no receiver at all, `ack` gets an empty array at once.
    ///
    /// ```swift
    /// io.timeout(.seconds(5)).emit("vote") { result in
    ///     switch result {
    ///     case .success(let answers): print(answers.count, "votes")
    ///     case .failure(.timedOut(let answers)): print("only", answers.count, "in time")
    ///     }
    /// }
    /// ```
    @discardableResult
    public func emit(
        _ event: String, _ arguments: SocketIOValue...,
        ack: @escaping (Result<[[SocketIOValue]], BroadcastAckError>) -> Void
    ) -> Bool {
        emit(event, arguments, ack: ack)
    }

    /// The same, with the arguments as an array.
    @discardableResult
    public func emit(
        _ event: String, _ arguments: [SocketIOValue],
        ack: @escaping (Result<[[SocketIOValue]], BroadcastAckError>) -> Void
    ) -> Bool {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { return false }
        let scope = scope, options = options
        scope.loop.runOnLoop {
            BroadcastAck(scope: scope, callback: ack).start(event, arguments, options: options)
        }
        return true
    }

    /// Sends an event to the selected sockets and waits for one answer per socket; throws
    /// `BroadcastAckError.timedOut` (with the answers that arrived) when the timeout expires first, and
    /// `ReservedEventNameError` for a reserved event name. Like `SocketEmitter.emitWithAck`, it resumes where it
    /// was awaited: in a task on the loop (`socket.task`, `loop.task`), on the loop.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [[SocketIOValue]] {
        try await emitWithAck(event, arguments)
    }

    /// The same, with the arguments as an array.
    public nonisolated(nonsending) func emitWithAck(
        _ event: String, _ arguments: [SocketIOValue]
    ) async throws -> [[SocketIOValue]] {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { throw ReservedEventNameError(name: event) }
        return try await withCheckedThrowingContinuation { continuation in
            emit(event, arguments) { continuation.resume(with: $0) }
        }
    }
}

/// The state of one broadcast with an acknowledgement: the pure `ClusterBroadcastAckCollector` (which counts the
/// servers too when a cluster adapter delivers the packet elsewhere) plus the timer and the callback, shared by
/// every receiver's ack handler.
private final class BroadcastAck {
    let scope: BroadcastOperator.Scope
    var collector: ClusterBroadcastAckCollector
    var callback: ((Result<[[SocketIOValue]], BroadcastAckError>) -> Void)?
    var timer: LoopTimer?
    /// The ack id used in each namespace, to forget the unanswered ones on timeout.
    var ids: [(namespace: Namespace, id: Int)] = []

    init(scope: BroadcastOperator.Scope, callback: @escaping (Result<[[SocketIOValue]], BroadcastAckError>) -> Void) {
        self.scope = scope
        self.callback = callback
        collector = ClusterBroadcastAckCollector(namespaces: scope.namespaces.count)
    }

    func start(_ event: String, _ arguments: [SocketIOValue], options: BroadcastOptions) {
        if let timeout = options.flags.timeout {
            timer = scope.loop.schedule(after: timeout) { [self] in finish(collector.timeout()) }
        }
        for namespace in scope.namespaces {
            let id = namespace.nextAckID()
            ids.append((namespace, id))
            let packet = SocketIOPacket.event(event, arguments, namespace: namespace.name, ackId: id)
            namespace.server.statistics.broadcasts += 1
            deliver(packet, with: namespace.adapter, options: options)
        }
        finish(collector.finishedSending())
    }

    /// Hands the packet to one namespace's adapter, which reports its servers, their client counts and the
    /// answers (with `.local`, or with the in-memory adapter: this server only).
    private func deliver(_ packet: SocketIOPacket, with adapter: any Adapter, options: BroadcastOptions) {
        let onResponse: ([SocketIOValue]) -> Void = { [self] in finish(collector.receive($0)) }
        guard !options.flags.local else {
            finish(collector.serverCount(1))
            return finish(collector.clientCount(adapter.broadcastWithAck(packet, options: options, onResponse: onResponse)))
        }
        adapter.broadcastWithAck(
            packet, options: options, onClientCount: { [self] in finish(collector.clientCount($0)) }, onResponse: onResponse)
        adapter.serverCount { [self] in finish(collector.serverCount($0)) }
    }

    private func finish(_ outcome: BroadcastAckCollector.Outcome?) {
        guard let outcome, let callback else { return }
        self.callback = nil
        timer?.cancel()
        timer = nil
        switch outcome {
        case .complete(let answers):
            callback(.success(answers))
        case .timedOut(let answers):
            // Node deletes the id from every socket of the namespace, so a late answer finds nothing.
            for (namespace, id) in ids {
                for socket in namespace.sockets.values { socket.forgetAck(id) }
            }
            callback(.failure(.timedOut(responses: answers)))
        }
    }
}
