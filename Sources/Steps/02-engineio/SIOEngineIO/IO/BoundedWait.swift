// SPDX-License-Identifier: MIT

import SIOHTTP

/// An asynchronous check with a deadline, answered on the loop: the operator's hooks that may take their time
/// (Engine.IO's `allowRequestAsync`, Socket.IO's asynchronous dynamic-namespace predicate) run through it.
///
/// The check runs as a task on `loop` (the loop is its executor, so the code after its `await`s runs there); a
/// timer runs beside it. Whichever comes first settles the wait and `finish` gets its answer: the check's, or
/// `fallback` at the deadline. `cancel()` (the client left) settles it without an answer. Once settled, the timer is
/// stopped and the task cancelled (cooperatively: a check that ignores cancellation runs on, and its answer is
/// dropped). Confined to `loop`.
///
/// ```swift
/// let wait = BoundedWait.start(on: loop, timeout: .seconds(5), fallback: false, { await lookUp(name) }) { allowed in
///     allowed ? admit() : refuse()
/// }
/// onClientGone = { wait.cancel() }
/// ```
package final class BoundedWait {
    private var timer: LoopTimer?
    private var task: Task<Void, Never>?
    private var settled = false

    private init() {}

    /// Starts `check` on `loop`; `finish` runs once, on `loop`, with its answer or, after `timeout`, `fallback`.
    package static func start<Answer: Sendable>(
        on loop: EventLoop, timeout: Duration, fallback: Answer,
        _ check: @escaping () async -> Answer, finish: @escaping (Answer) -> Void
    ) -> BoundedWait {
        let wait = BoundedWait()
        wait.timer = loop.schedule(after: timeout) {
            if wait.settle() { finish(fallback) }
        }
        let parts = LoopBound((wait: wait, check: check, finish: finish), loop: loop)
        wait.task = loop.task {
            let answer = await parts.value.check()
            // Back on the loop: the task's executor is the loop, and the box checks it.
            if parts.value.wait.settle() { parts.value.finish(answer) }
        }
        return wait
    }

    /// Settles the wait without an answer: `finish` will not run.
    package func cancel() {
        _ = settle()
    }

    /// True the first time only; stops the timer and cancels the task.
    private func settle() -> Bool {
        guard !settled else { return false }
        settled = true
        timer?.cancel()
        timer = nil
        task?.cancel()
        task = nil
        return true
    }
}
