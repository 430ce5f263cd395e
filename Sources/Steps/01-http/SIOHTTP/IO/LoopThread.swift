// SPDX-License-Identifier: MIT

import Foundation
import Synchronization

/// Carries a loop-confined value through a `@Sendable` closure to code that runs on that loop.
///
/// Swift 6 refuses to send non-`Sendable` values across threads, which is right in general. A
/// value confined to an event loop may still travel *through* another thread as long as it is
/// only used back on its loop; this box says so explicitly, in one place.
public struct LoopBound<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

/// An event loop running on its own thread: what tests and multi-threaded programs use.
///
/// ```swift
/// let thread = try LoopThread()
/// let port = try thread.sync { try HTTPServer(loop: thread.loop).start(port: 0) }
/// ```
public final class LoopThread: @unchecked Sendable {
    public let loop: EventLoop
    private let finished = DispatchSemaphore(value: 0)

    public init(clock: any LoopClock = SystemClock()) throws {
        loop = try EventLoop(clock: clock)
        let loop = LoopBound(self.loop)
        let finished = self.finished
        let thread = Thread {
            loop.value.run()
            finished.signal()
        }
        // The loop's name, as a confinement trap prints it ("... bound to event loop 2 ..."), so a debugger's thread
        // list and the message agree.
        thread.name = self.loop.name
        thread.start()
    }

    /// Runs `body` on the loop thread and returns its result, blocking the caller until then.
    /// Never call it from the loop's own thread: it would wait for itself. It throws what `body` throws, so a
    /// body that cannot fail needs no `try`.
    public func sync<T, Failure: Error>(_ body: @escaping () throws(Failure) -> T) throws(Failure) -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<LoopBound<Result<T, Failure>>?>(nil)
        let body = LoopBound(body)
        loop.execute {
            let outcome = Result { () throws(Failure) -> T in try body.value() }
            result.withLock { $0 = LoopBound(outcome) }
            done.signal()
        }
        done.wait()
        // Set before `done` was signalled.
        return try result.withLock { $0! }.value.get()
    }

    /// Stops the loop and waits for its thread to finish.
    public func stop() {
        loop.stop()
        finished.wait()
    }
}
