// SPDX-License-Identifier: MIT

import Dispatch
import SIOHTTP
import Synchronization

/// The event loops of a server that uses several cores: loop 0 runs on the thread that calls `run()` (the
/// main thread of an executable), the others each on a `LoopThread`.
///
/// A server built on a group repeats its setup once per loop (`onEach`): every loop gets its own
/// `HTTPServer`, routes and upper layers, confined to that loop's thread. `HTTPServerGroup` then joins the
/// HTTP servers behind one port.
///
/// ```swift
/// let loops = try LoopGroup(count: LoopGroup.count(from: options))      // `--loops N`
/// let servers = loops.onEach { _, loop in HTTPServer(loop: loop) }
/// let group = HTTPServerGroup(servers)
/// try servers[0].start(port: 3000)
/// loops.run()      // until every loop is stopped (`stop()`)
/// ```
public final class LoopGroup: Sendable {
    /// The loops; `loops[0]` is the one `run()` runs.
    public let loops: [EventLoop]
    private let threads: [LoopThread]

    /// `count` loops, one of them run by the caller (`run()`). It throws if the system refuses a thread's poller.
    public init(count: Int) throws {
        // The executables read `count` from `--loops`, which `count(from:)` holds to 1...64.
        precondition(count >= 1, "a group needs at least one loop")
        threads = try (1..<count).map { _ in try LoopThread() }
        loops = [try EventLoop()] + threads.map(\.loop)
    }

    /// Runs `body` on each loop's thread in turn (loop 0 on the calling thread, which must be the one that will
    /// call `run()`, before it does) and returns the results, one per loop. It throws what `body` throws: a body
    /// that cannot fail (the step executables') needs no `try`.
    public func onEach<T, Failure: Error>(
        _ body: @escaping (_ index: Int, _ loop: EventLoop) throws(Failure) -> T
    ) throws(Failure) -> [T] {
        var results = [try body(0, loops[0])]
        for (offset, thread) in threads.enumerated() {
            results.append(try thread.sync { () throws(Failure) -> T in try body(offset + 1, thread.loop) })
        }
        return results
    }

    /// Runs loop 0 on the calling thread until `stop()`, then waits for the other loops' threads.
    public func run() {
        loops[0].run()
        for thread in threads { thread.stop() }
    }

    /// Runs `step` on every loop (each on its own thread, at the same time); `step` calls its completion when
    /// that loop is done (a graceful shutdown, say). Once all have, `completion` runs on loop 0.
    public func forEach(_ step: @escaping @Sendable (_ index: Int, _ done: @escaping @Sendable () -> Void) -> Void,
                        completion: @escaping @Sendable () -> Void) {
        let remaining = Atomic<Int>(loops.count)
        let first = loops[0]
        for (index, loop) in loops.enumerated() {
            loop.execute {
                step(index) {
                    // The last loop to finish (exactly one sees zero) hands over to loop 0.
                    if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { first.execute(completion) }
                }
            }
        }
    }

    /// Stops every loop; `run()` then returns.
    public func stop() {
        for loop in loops { loop.stop() }
    }
}
