// SPDX-License-Identifier: MIT

import Dispatch
import SIOHTTP

/// Runs slow, self-contained work off the event loop, then continues on the loop with its result.
///
/// The work closure must be `@Sendable` (it runs on another thread and may only use values it was given);
/// the continuation runs back on `loop`, where it may touch the store and the sockets again.
///
/// ```swift
/// BackgroundWork.run(on: loop, { hasher.makeRecord(for: password) }) { record in
///     try? store.setPassword(userID: id, record)      // on the loop again
/// }
/// ```
enum BackgroundWork {
    static func run<T: Sendable>(on loop: EventLoop, _ work: @escaping @Sendable () -> T, then: @escaping (T) -> Void) {
        let continuation = LoopBound(then)
        DispatchQueue.global(qos: .userInitiated).async {
            let result = work()
            loop.execute { continuation.value(result) }
        }
    }
}
