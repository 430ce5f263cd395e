// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOServer

extension BroadcastOperator {
    /// The selected sockets of every server of the cluster (Node's `fetchSockets()` with a cluster adapter),
    /// this server's first. With the in-memory adapter, or with `.local`, only this server's.
    ///
    /// `completion` runs on the loop, once every server has answered or after the adapter's request timeout
    /// (then with `ClusterTimeoutError`, like Node's rejected promise).
    ///
    /// ```swift
    /// io.in("lobby").fetchClusterSockets { result in
    ///     let names = ((try? result.get()) ?? []).compactMap { $0.data["name"]?.stringValue }
    /// }
    /// let everyone = try await io.fetchClusterSockets()
    /// ```
    public func fetchClusterSockets(_ completion: @escaping (Result<[RemoteSocket], ClusterTimeoutError>) -> Void) {
        let scope = scope, options = options
        scope.loop.runOnLoop {
            let fetch = ClusterFetch(completion: completion)
            for namespace in scope.namespaces {
                fetch.add(namespace.adapter.sockets(matching: options).map {
                    RemoteSocket(details: $0.details, namespace: namespace, isLocal: true)
                })
                guard !options.flags.local, let cluster = namespace.clusterAdapter else { continue }
                fetch.expectAnswer()
                cluster.fetchRemoteSockets(matching: options) { result in
                    fetch.answer(result.map { found in
                        found.map { RemoteSocket(details: $0, namespace: namespace, isLocal: false) }
                    })
                }
            }
            fetch.allAsked()
        }
    }

    /// The same, awaited. `nonisolated(nonsending)`: awaited in `socket.task { }` or `loop.task { }`, it resumes on
    /// the loop, so the code after it may touch sockets and rooms.
    public nonisolated(nonsending) func fetchClusterSockets() async throws -> [RemoteSocket] {
        try await withCheckedThrowingContinuation { continuation in
            fetchClusterSockets { continuation.resume(with: $0) }
        }
    }
}

extension Broadcasting {
    /// The sockets of every server of the cluster (see `BroadcastOperator.fetchClusterSockets`).
    public func fetchClusterSockets(_ completion: @escaping (Result<[RemoteSocket], ClusterTimeoutError>) -> Void) {
        broadcastOperator.fetchClusterSockets(completion)
    }

    /// The same, awaited; resumes where it was awaited (on the loop inside `socket.task { }`).
    public nonisolated(nonsending) func fetchClusterSockets() async throws -> [RemoteSocket] {
        try await broadcastOperator.fetchClusterSockets()
    }
}

/// One `fetchClusterSockets` in progress: the sockets found so far and the answers still awaited.
private final class ClusterFetch {
    private var sockets: [RemoteSocket] = []
    /// Adapters that have not answered, plus one until every namespace has been asked.
    private var pending = 1
    private var completion: ((Result<[RemoteSocket], ClusterTimeoutError>) -> Void)?

    init(completion: @escaping (Result<[RemoteSocket], ClusterTimeoutError>) -> Void) {
        self.completion = completion
    }

    func add(_ found: [RemoteSocket]) { sockets += found }

    func expectAnswer() { pending += 1 }

    func answer(_ result: Result<[RemoteSocket], ClusterTimeoutError>) {
        switch result {
        case .success(let found):
            sockets += found
            settle()
        case .failure(let error):
            let completion = self.completion
            self.completion = nil
            completion?(.failure(error))
        }
    }

    func allAsked() { settle() }

    private func settle() {
        pending -= 1
        guard pending == 0, let completion else { return }
        self.completion = nil
        completion(.success(sockets))
    }
}
