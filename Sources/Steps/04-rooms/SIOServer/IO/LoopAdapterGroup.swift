// SPDX-License-Identifier: MIT

import SIOHTTP

/// The event loops of one process that share rooms and broadcasts: one loop per core, each with its own
/// `HTTPServer` and `Server`, and one `LoopGroupAdapter` per namespace on each loop.
///
/// It plays, inside one process, the part Redis plays between processes: each loop keeps its own sockets and
/// rooms, and what must reach the other loops (a broadcast, `socketsJoin`, `fetchClusterSockets`, ...) travels
/// there with `loop.execute`, the one cross-thread entry of an `EventLoop`. Build one group for every loop, then
/// pass its `adapter(for:)` to the `Server` of each loop:
///
/// ```swift
/// let threads = try (0..<cores).map { _ in try LoopThread() }
/// let group = LoopAdapterGroup(loops: threads.map(\.loop))
/// for thread in threads {
///     try thread.sync {
///         let http = HTTPServer(loop: thread.loop)
///         let io = Server(http: http, adapter: group.adapter)
///         ...
///     }
/// }
/// ```
///
/// One `Server` per loop: a loop's namespaces are known by name, so a second server on the same loop would
/// replace the first one's adapters.
///
/// `@unchecked Sendable`: the loops and the timeout never change, and each loop's table of adapters is read and
/// written only on that loop (by `adapter(for:)`, which a namespace calls on its loop, and by the tasks that
/// `forEachPeer` sends there), so no two threads ever touch the same table.
public final class LoopAdapterGroup: @unchecked Sendable {
    /// The loops of the group, each serving its own sockets.
    public let loops: [EventLoop]
    /// How long `serverSideEmit` with an acknowledgement waits for the other loops' handlers (see
    /// `LoopGroupAdapter`: the only request that has a timeout).
    public let requestsTimeout: Duration
    /// Each loop's adapters, by namespace name; `tables[i]` is touched only on `loops[i]`.
    private let tables: [AdapterTable]

    public init(loops: [EventLoop], requestsTimeout: Duration = .seconds(5)) {
        precondition(!loops.isEmpty, "a loop adapter group needs at least one loop")
        self.loops = loops
        self.requestsTimeout = requestsTimeout
        tables = loops.map { _ in AdapterTable() }
    }

    /// The adapter of `namespace`, for `Server(http:configuration:adapter:)`. Called on the namespace's loop,
    /// which must be one of the group's.
    public func adapter(for namespace: Namespace) -> any Adapter {
        guard let index = loops.firstIndex(where: { $0 === namespace.server.loop }) else {
            preconditionFailure("the loop of namespace \(namespace.name) is not in this LoopAdapterGroup")
        }
        let adapter = LoopGroupAdapter(namespace: namespace, group: self, index: index)
        tables[index].adapters[namespace.name] = WeakAdapter(adapter: adapter)
        return adapter
    }

    /// Runs `body` on every loop of the group except `origin`, with that loop's adapter of the namespace `name`:
    /// `nil` when the namespace does not exist there (a dynamic namespace nobody has asked for on that loop yet),
    /// which then has no socket to act on.
    ///
    /// Tasks sent by one loop run on each other loop in the order they were sent: a `socketsJoin` followed by a
    /// broadcast to the joined room reaches every loop in that order.
    func forEachPeer(of origin: Int, namespace name: String, _ body: @escaping @Sendable (LoopGroupAdapter?) -> Void) {
        for (index, loop) in loops.enumerated() where index != origin {
            loop.execute { [self] in body(tables[index].adapters[name]?.adapter) }
        }
    }
}

/// The adapters of one loop's namespaces. Weak: a namespace owns its adapter, and a server that goes away takes
/// its adapters with it; the other loops then find nothing, as for a namespace that never existed.
private final class AdapterTable {
    var adapters: [String: WeakAdapter] = [:]
}

private struct WeakAdapter {
    weak var adapter: LoopGroupAdapter?
}
