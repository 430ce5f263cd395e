// SPDX-License-Identifier: MIT

import Synchronization

/// How many connections one HTTP server has open, readable from any thread.
///
/// An atomic, not a plain integer, because of one-loop-per-core (`HTTPServerGroup`): the listening loop
/// counts a connection for the server it deals it to (so that `maxConnections` holds while a storm of
/// connections is still on its way to the other loops), and the connection uncounts itself when it closes,
/// on its own loop.
final class OpenConnectionCount: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func increment() { count.add(1, ordering: .relaxed) }

    func decrement() { count.subtract(1, ordering: .relaxed) }
}
