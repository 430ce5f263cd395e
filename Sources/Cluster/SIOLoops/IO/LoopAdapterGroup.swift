// SPDX-License-Identifier: MIT

import SIOCluster
import SIOHTTP
import SIOServer
import Synchronization

/// The event loops of one process that share rooms and broadcasts: one loop per core, each with its own
/// `HTTPServer` and `Server`, and one `LoopGroupAdapter` per namespace on each loop.
///
/// It plays, inside one process, the part Redis plays between processes: each loop keeps its own sockets and
/// rooms, and what must reach the other loops (a broadcast, `socketsJoin`, `fetchClusterSockets`, ...) travels
/// there with `loop.execute`, the one cross-thread entry of an `EventLoop`. Build one group for every loop, then
/// pass its `adapter(for:)` to the `Server` of each loop:
///
/// ```swift
/// let loops = try LoopGroup(count: cores)
/// let group = LoopAdapterGroup(loops: loops.loops)
/// let servers = loops.onEach { _, loop in
///     let http = HTTPServer(loop: loop)
///     let io = Server(http: http, adapter: group.adapter)
///     ...
/// }
/// ```
///
/// One `Server` per loop: a loop's namespaces are known by name, so a second server on the same loop would
/// replace the first one's adapters.
///
/// `Sendable`, checked: the loops and the timeout never change, and each loop's table of adapters is a `LoopBound`
/// of that loop, read and written only there (by `adapter(for:)`, which a namespace calls on its loop, and by the
/// tasks that `forEachPeer` sends there); a debug build traps if any other thread touches it.
public final class LoopAdapterGroup: Sendable {
    /// The loops of the group, each serving its own sockets.
    public let loops: [EventLoop]
    /// How long `serverSideEmit` with an acknowledgement waits for the other loops' handlers (see
    /// `LoopGroupAdapter`: the only request that has a timeout).
    public let requestsTimeout: Duration
    /// Each loop's adapters, by namespace name; `tables[i]` is bound to `loops[i]`.
    private let tables: [LoopBound<AdapterTable>]
    /// Connection state recovery: one store per namespace name, shared by every loop, so that a client whose
    /// connection drops on one loop can come back on another. Made with the first adapter that needs it, from the
    /// settings of that adapter's server (every loop's server has the same).
    private let sessionStores = Mutex<SessionStores?>(nil)

    /// A group over `loops` (at least one; `LoopGroup.loops`). `requestsTimeout` bounds how long a `serverSideEmit`
    /// with an ack waits for the other loops, 5 s as the Redis adapter's default.
    public init(loops: [EventLoop], requestsTimeout: Duration = .seconds(5)) {
        // Given `LoopGroup.loops`, which holds at least one loop (`--loops` is 1...64).
        precondition(!loops.isEmpty, "a loop adapter group needs at least one loop")
        self.loops = loops
        self.requestsTimeout = requestsTimeout
        tables = loops.map { LoopBound(AdapterTable(loops: loops.count), loop: $0) }
    }

    /// The adapter of `namespace`, for `Server(http:configuration:adapter:)`. Called on the namespace's loop,
    /// which must be one of the group's.
    public func adapter(for namespace: Namespace) -> any Adapter {
        guard let index = loops.firstIndex(where: { $0 === namespace.server.loop }) else {
            // A wiring mistake in the program (a server on a loop outside the group), not input: no client chooses loops.
            preconditionFailure("the loop of namespace \(namespace.name) is not in this LoopAdapterGroup")
        }
        let adapter = LoopGroupAdapter(namespace: namespace, group: self, index: index)
        tables[index].value.adapters[namespace.name] = WeakAdapter(adapter: adapter)
        return adapter
    }

    /// The store of `namespace`'s sessions and missed packets, the same on every loop; `nil` with recovery off.
    func sessionStore(for namespace: Namespace) -> SessionStore? {
        guard let configuration = namespace.server.configuration.connectionStateRecovery else { return nil }
        let stores = sessionStores.withLock { stores in
            if let stores { return stores }
            let made = SessionStores(configuration: configuration)
            stores = made
            return made
        }
        return stores.store(for: namespace.name, now: namespace.loop.now)
    }

    /// Takes `adapter` out of its loop's table: its namespace is gone (a dynamic child removed when empty), and
    /// the table must not keep its name. Another loop's tasks for that name then find nothing. Called on that loop.
    func forget(_ adapter: LoopGroupAdapter) {
        let table = tables[adapter.index].value
        let name = adapter.namespace.name
        guard let entry = table.adapters[name], entry.adapter == nil || entry.adapter === adapter else { return }
        table.adapters[name] = nil
    }

    /// Runs `body` on every loop of the group except `origin`, with that loop's adapter of the namespace `name`:
    /// `nil` when the namespace does not exist there (a dynamic namespace nobody has asked for on that loop yet),
    /// which then has no socket to act on.
    ///
    /// Tasks sent by one loop run on each other loop in the order they were sent: a `socketsJoin` followed by a
    /// broadcast to the joined room reaches every loop in that order.
    ///
    /// They leave at the end of the origin's loop iteration, all of them in one `execute` per loop. A client that
    /// sends eight broadcasts in one packet then makes the other loop write them to each socket in one `writev`,
    /// as the origin does; one `execute` per broadcast woke the other loop for each, and it wrote each
    /// broadcast separately: with 2 loops, fanout to 1,000 sockets fell from 248,000 to 165,000 deliveries/s.
    func forEachPeer(of origin: Int, namespace name: String, _ body: @escaping @Sendable (LoopGroupAdapter?) -> Void) {
        guard loops.count > 1 else { return }
        let table = tables[origin].value
        for index in loops.indices where index != origin {
            table.outbox[index].append { [self] in body(tables[index].value.adapters[name]?.adapter) }
        }
        guard !table.sending else { return }
        table.sending = true
        loops[origin].atEndOfIteration { [self] in sendOutbox(of: origin) }
    }

    /// Hands each other loop the tasks this iteration queued for it, in one `execute`.
    private func sendOutbox(of origin: Int) {
        let table = tables[origin].value
        table.sending = false
        for (index, loop) in loops.enumerated() where !table.outbox[index].isEmpty {
            let tasks = table.outbox[index]
            table.outbox[index].removeAll()
            loop.execute {
                for task in tasks { task() }
            }
        }
    }
}

/// One loop's part of the group, touched only on that loop.
///
/// The adapters of its namespaces are weak: a namespace owns its adapter, and a server that goes away takes its
/// adapters with it; the other loops then find nothing, as for a namespace that never existed.
private final class AdapterTable {
    var adapters: [String: WeakAdapter] = [:]
    /// Tasks for each other loop (by index), sent at the end of this loop's iteration.
    var outbox: [[@Sendable () -> Void]]
    /// An end-of-iteration send is already planned.
    var sending = false

    init(loops: Int) {
        outbox = Array(repeating: [], count: loops)
    }
}

private struct WeakAdapter {
    weak var adapter: LoopGroupAdapter?
}
