// SPDX-License-Identifier: MIT

import Foundation

/// Runs a blocking call (a `RawClient` read, say) on a thread of its own and awaits its result.
///
/// Async tests run on Swift's cooperative thread pool, which has one thread per core. A blocking
/// read there holds a pool thread that other tasks of the same test may need; awaiting it from
/// here frees the pool thread while the read is in progress. (A test that must not depend on the
/// pool at all starts its client's side with `BackgroundThread` instead.)
public func offPool<T>(_ body: @escaping () throws -> T) async throws -> T {
    let work = BackgroundThread(body)
    return try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            do {
                nonisolated(unsafe) let value = try work.result()
                continuation.resume(returning: value)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }
}
