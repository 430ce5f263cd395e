// SPDX-License-Identifier: MIT

import Foundation

/// An event loop running on its own thread: what `LoopGroup` builds its extra loops from, and what tests use.
///
/// ```swift
/// let thread = try LoopThread()
/// let port = try thread.sync { try HTTPServer(loop: thread.loop).start(port: 0) }
/// ```
///
/// `package`: an application runs loops through `LoopGroup` (SIOLoops), which owns its threads.
package final class LoopThread: Sendable {
    /// The loop; its thread runs `loop.run()` from `init` until `stop()`.
    package let loop: EventLoop
    private let finished = DispatchSemaphore(value: 0)

    /// Starts a thread named after the loop, running a new loop that reads the time from `clock`.
    package init(clock: any LoopClock = SystemClock()) throws {
        let loop = try EventLoop(clock: clock)
        self.loop = loop
        let finished = self.finished
        let thread = Thread {
            loop.run()
            finished.signal()
        }
        // The loop's name, as a confinement trap prints it ("... bound to event loop 2 ..."), so a debugger's thread
        // list and the message agree.
        thread.name = loop.name
        thread.start()
    }

    /// Runs `body` on the loop thread and returns its result, blocking the caller until then.
    /// Never call it from the loop's own thread: it would wait for itself. It throws what `body` throws, so a
    /// body that cannot fail needs no `try`.
    package func sync<T, Failure: Error>(_ body: @escaping () throws(Failure) -> T) throws(Failure) -> T {
        let done = DispatchSemaphore(value: 0)
        let body = LoopBound(body, loop: loop)
        // The result crosses back to the caller, which is blocked on `done` until the loop has written it: the
        // semaphore orders the two accesses, which no checked form can say of a non-`Sendable` `T`.
        nonisolated(unsafe) var result: Result<T, Failure>?
        loop.execute {
            result = Result { () throws(Failure) -> T in try body.value() }
            done.signal()
        }
        done.wait()
        return try result!.get()
    }

    /// Stops the loop and waits for its thread to finish.
    package func stop() {
        loop.stop()
        finished.wait()
    }
}
