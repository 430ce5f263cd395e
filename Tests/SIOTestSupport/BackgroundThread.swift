// SPDX-License-Identifier: MIT

import Foundation

/// Runs blocking work (a client's socket reads and writes) on a thread of its own, started at once.
///
/// Async tests run on Swift's cooperative pool, one thread per core: two here. Most live tests
/// block a pool thread in socket reads, so a test whose progress needs *another* pool thread (a
/// child task that sends, say) can starve. Doing the client's side on a plain thread, and only
/// awaiting the server's side, keeps such a test independent of what the pool is doing.
public final class BackgroundThread<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Value, any Error>?

    public init(_ body: @escaping () throws -> Value) {
        // The closure (and the client it captures) is handed to exactly one thread.
        nonisolated(unsafe) let body = body
        Thread.detachNewThread { [self] in
            outcome = Result { try body() }
            done.signal()
        }
    }

    /// Waits for the work to finish and returns its result (or rethrows its error).
    public func result() throws -> Value {
        done.wait()
        done.signal()
        return try outcome!.get()
    }
}
