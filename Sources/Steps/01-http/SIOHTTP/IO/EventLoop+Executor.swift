// SPDX-License-Identifier: MIT

/// The loop as a Swift executor (swift-nio does the same: `NIOCore/EventLoop+SerialExecutor.swift`).
///
/// Why: sockets, sessions and rooms live on one loop and have no locks. A handler that awaits something (an
/// acknowledgement, a database) used to resume on Swift's global thread pool, where touching its socket is a
/// data race. With the loop as the task's executor, the code after every `await` runs on the loop again:
///
/// ```swift
/// loop.task {
///     let answer = try await socket.emitWithAck("question")   // the loop keeps serving other sockets meanwhile
///     print(answer, socket.rooms)                              // back on the loop: no race
/// }
/// ```
///
/// - `SerialExecutor`: an actor can use a loop as its executor (`unownedExecutor`), and `checkIsolated` lets
///   Swift's dynamic isolation checks (`assumeIsolated`) ask "are we on this loop?".
/// - `TaskExecutor`: `Task(executorPreference: loop)` runs nonisolated async code on the loop, which is what
///   `task(_:)` does.
///
/// A job enqueued on the loop thread itself (a continuation resumed by a handler, a task started by one) goes to
/// a plain array that the loop runs later in the same iteration: no lock and no `eventfd` write, so resuming
/// after an acknowledgement costs no system call. Only a job enqueued from another thread takes the inbox.
extension EventLoop: SerialExecutor, TaskExecutor {
    /// Where Swift hands the loop a job to run (a task's start, a continuation's resume): on the loop thread into
    /// `localJobs`, without a lock or a wake-up; from another thread through `execute`, like any other work.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if isLoopThread {
            localJobs.append(job)
        } else {
            execute { [self] in runJob(job) }
        }
    }

    /// Swift's dynamic isolation checks (`assumeIsolated`, `@preconcurrency` calls) trap off the loop thread.
    public func checkIsolated() {
        precondition(isLoopThread, "expected to run on \(name), but running on another thread")
    }

    /// Lets the runtime ask without trapping whether the current thread is this loop's.
    public func isIsolatingCurrentContext() -> Bool? {
        isLoopThread
    }

    /// Runs one job with this loop as both its serial and its task executor, so that what it enqueues next comes
    /// back here.
    func runJob(_ job: UnownedJob) {
        job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
    }

    /// Starts `operation` as a task that runs on this loop and resumes here after every `await`.
    ///
    /// Call it from code running on the loop (a handler) to await without leaving the loop's single-threaded world;
    /// from elsewhere it works too, the task simply starts with a hop onto the loop. The task is not tied to any
    /// socket: cancel it (the returned `Task`) if its socket leaves and the work has become pointless.
    @discardableResult
    public func task<Success: Sendable>(
        priority: TaskPriority? = nil, _ operation: sending @escaping () async -> Success
    ) -> Task<Success, Never> {
        Task(executorPreference: self, priority: priority, operation: operation)
    }

    /// The throwing form of `task(priority:_:)`: the task's `value` rethrows what `operation` throws.
    @discardableResult
    public func task<Success: Sendable>(
        priority: TaskPriority? = nil, _ operation: sending @escaping () async throws -> Success
    ) -> Task<Success, any Error> {
        Task(executorPreference: self, priority: priority, operation: operation)
    }

    /// Traps, in debug builds only, when called off this loop's thread: the check guarding loop-bound state
    /// (`Socket.data`, `Socket.rooms`, ...). `what` names the state in the message, next to the loop's name.
    ///
    /// `@inlinable` and an `assert`, so that a release build compiles it to nothing: the hot paths pay no
    /// thread check. Before `run()` any thread may pass (the setup code builds what the loop will own).
    @inlinable
    public func assertInEventLoop(_ what: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
        assert(inEventLoop, "\(what()) is bound to \(name) and was touched from another thread", file: file, line: line)
    }
}
