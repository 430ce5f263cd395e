// SPDX-License-Identifier: MIT

import SIOServer

/// Messages between the servers of a cluster, and the hooks a cluster adapter needs (socket.io `namespace.ts`
/// `serverSideEmit`, `serverSideEmitWithAck`, `_onServerSideEmit`). See `ClusterAdapter`.
///
/// With the in-memory adapter there are no other servers: `serverSideEmit` reaches nobody and its
/// acknowledgement completes at once with no answers, and `serverCount` is 1.
extension Namespace {
    /// The adapter, when it connects this namespace to other servers. A downcast, because SIOServer cannot name a
    /// protocol of a module built on it; what SIOServer itself needs of a cluster (joins, broadcast acks, the server
    /// count) is typed, in `Adapter`.
    var clusterAdapter: (any ClusterAdapter)? { adapter as? any ClusterAdapter }

    /// Sends an event to this namespace on every *other* server, to their `onServerSideEmit` handlers.
    /// Returns `false`, sending nothing, for a reserved event name.
    @discardableResult
    public func serverSideEmit(_ event: String, _ arguments: SocketIOValue...) -> Bool {
        sendServerSide(event, arguments, ack: nil)
    }

    /// The same with the arguments as an array, for code that builds them (a relay, a forwarded event).
    @discardableResult
    public func serverSideEmit(_ event: String, _ arguments: [SocketIOValue]) -> Bool {
        sendServerSide(event, arguments, ack: nil)
    }

    /// Like `serverSideEmit`, and waits for one answer per other server (up to the adapter's request timeout).
    @discardableResult
    public func serverSideEmit(
        _ event: String, _ arguments: SocketIOValue...,
        ack: @escaping (Result<[SocketIOValue], ClusterTimeoutError>) -> Void
    ) -> Bool {
        sendServerSide(event, arguments, ack: ack)
    }

    /// The same with the arguments as an array.
    @discardableResult
    public func serverSideEmit(
        _ event: String, _ arguments: [SocketIOValue],
        ack: @escaping (Result<[SocketIOValue], ClusterTimeoutError>) -> Void
    ) -> Bool {
        sendServerSide(event, arguments, ack: ack)
    }

    /// Sends an event to the other servers and returns their answers, one per server.
    public nonisolated(nonsending) func serverSideEmitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [SocketIOValue] {
        try await serverSideEmitWithAck(event, arguments)
    }

    /// The same with the arguments as an array. `nonisolated(nonsending)`: awaited in `socket.task { }` or
    /// `loop.task { }`, it resumes on the loop. Throws `ReservedEventNameError` for a reserved name and
    /// `ClusterTimeoutError` when a server did not answer within the adapter's request timeout.
    public nonisolated(nonsending) func serverSideEmitWithAck(
        _ event: String, _ arguments: [SocketIOValue]
    ) async throws -> [SocketIOValue] {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { throw ReservedEventNameError(name: event) }
        return try await withCheckedThrowingContinuation { continuation in
            _ = sendServerSide(event, arguments) { continuation.resume(with: $0) }
        }
    }

    /// Runs `handler` for every `event` another server sends with `serverSideEmit`; `ack` is set when that
    /// server waits for an answer (call it once, with one value).
    public func onServerSideEmit(_ event: String, _ handler: @escaping ServerSideEvents.Handler) {
        loop.runOnLoop { [self] in clusterAdapter?.serverSideEvents.on(event, handler) }
    }

    /// How many servers serve this namespace, this one included.
    public func serverCount(_ completion: @escaping (Int) -> Void) {
        loop.runOnLoop { [self] in adapter.serverCount(completion) }
    }

    /// The same, awaited; resumes where it was awaited (on the loop inside `socket.task { }`).
    public nonisolated(nonsending) func serverCount() async -> Int {
        await withCheckedContinuation { continuation in serverCount { continuation.resume(returning: $0) } }
    }

    private func sendServerSide(
        _ event: String, _ arguments: [SocketIOValue], ack: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?
    ) -> Bool {
        guard !SocketIOPacket.reservedEventNames.contains(event) else { return false }
        loop.runOnLoop { [self] in
            guard let clusterAdapter else {
                ack?(.success([]))
                return
            }
            clusterAdapter.serverSideEmit(event, arguments, ack: ack)
        }
        return true
    }
}

extension Server {
    /// `serverSideEmit` on the main namespace `/`.
    @discardableResult
    public func serverSideEmit(_ event: String, _ arguments: SocketIOValue...) -> Bool {
        sockets.serverSideEmit(event, arguments)
    }

    /// `serverSideEmit` with an acknowledgement, on `/`.
    @discardableResult
    public func serverSideEmit(
        _ event: String, _ arguments: SocketIOValue...,
        ack: @escaping (Result<[SocketIOValue], ClusterTimeoutError>) -> Void
    ) -> Bool {
        sockets.serverSideEmit(event, arguments, ack: ack)
    }

    /// `serverSideEmitWithAck` on `/`.
    public nonisolated(nonsending) func serverSideEmitWithAck(
        _ event: String, _ arguments: SocketIOValue...
    ) async throws -> [SocketIOValue] {
        try await sockets.serverSideEmitWithAck(event, arguments)
    }

    /// `onServerSideEmit` on `/`.
    public func onServerSideEmit(_ event: String, _ handler: @escaping ServerSideEvents.Handler) {
        sockets.onServerSideEmit(event, handler)
    }

    /// `serverCount` of `/`.
    public func serverCount(_ completion: @escaping (Int) -> Void) { sockets.serverCount(completion) }

    /// `serverCount` of `/`, awaited.
    public nonisolated(nonsending) func serverCount() async -> Int { await sockets.serverCount() }
}
