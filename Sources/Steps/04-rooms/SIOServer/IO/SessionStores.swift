// SPDX-License-Identifier: MIT

import Synchronization

/// The `SessionStore` of each namespace, by name, kept apart from the namespaces themselves: a dynamic child
/// namespace removed when its last socket left (`cleanupEmptyChildNamespaces`) is created again when that
/// socket's client comes back, and must find its session. A `Server` has one table for its namespaces; a
/// `LoopAdapterGroup` (SIOLoops) has one for all its loops, so that every loop finds the same store.
///
/// Bound: a name's store is dropped once it holds nothing (its sessions and packets expired), checked whenever
/// the table has doubled since the last check; so the table holds the namespaces that exist plus those gone
/// within the last `maxDisconnectionDuration`, however many names clients make up over time.
public final class SessionStores: Sendable {
    /// The recovery settings every store gets.
    public let configuration: ConnectionStateRecovery
    private let table = Mutex<(stores: [String: SessionStore], nextSweep: Int)>(([:], 64))

    /// An empty table.
    public init(configuration: ConnectionStateRecovery) {
        self.configuration = configuration
    }

    /// The store of namespace `name`, made on first use. `now` is the caller's loop clock, for the sweep.
    public func store(for name: String, now: Duration) -> SessionStore {
        table.withLock { table in
            if let store = table.stores[name] { return store }
            if table.stores.count >= table.nextSweep {
                table.stores = table.stores.filter { !$0.value.isEmpty(now: now) }
                table.nextSweep = max(64, table.stores.count * 2)
            }
            let store = SessionStore(configuration: configuration)
            table.stores[name] = store
            return store
        }
    }

    /// How many namespaces have a store now.
    public var count: Int { table.withLock { $0.stores.count } }
}
