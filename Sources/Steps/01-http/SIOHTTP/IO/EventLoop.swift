// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// How many loops this process has created, to name them.
private let loopsCreated = Atomic<Int>(0)

/// Something that owns a file descriptor registered with the loop.
public protocol LoopIOHandler: AnyObject {
    /// Called on the loop when the descriptor is ready for `events` (level-triggered: again on every iteration
    /// until the handler reads or writes enough); a handler must not block.
    func ioReady(_ events: IOEvents)
}

/// A cancellable timer created by `EventLoop.schedule(after:_:)`.
public final class LoopTimer {
    fileprivate var body: (() -> Void)?

    fileprivate init(body: @escaping () -> Void) { self.body = body }

    /// Prevents the timer from firing. Cancelling a fired or cancelled timer does nothing.
    public func cancel() { body = nil }

    /// True until the timer fires or is cancelled.
    public var isActive: Bool { body != nil }
}

/// A single-threaded reactor: it waits for sockets to become ready, runs their handlers, fires
/// due timers and runs tasks sent from other threads, forever.
///
/// Everything a connection owns (buffers, parsers, sessions, rooms) is touched only on its loop's
/// thread, so none of it needs a lock. The one way in from another thread is `execute(_:)`. The loop is
/// also a Swift executor (`EventLoop+Executor.swift`), so async code can run on it and resume there.
///
/// ```swift
/// let loop = try EventLoop()
/// loop.schedule(after: .seconds(1)) { print("one second later") }
/// loop.run()   // blocks this thread until loop.stop()
/// ```
// `@unchecked Sendable`: the fields are either confined to the loop thread or guarded (`Mutex`, `Atomic`); that is
// the one fact the rest of the code builds its checked forms on (executor, `assertInEventLoop`).
public final class EventLoop: @unchecked Sendable {
    /// Names the loop in the message of a confinement trap ("Socket.data of X is bound to event loop 2 ...").
    public let name: String
    /// Where the loop reads the time; injected so tests can move time by hand (`ManualClock`).
    public let clock: any LoopClock
    private let poller: any Poller
    private let waker: Waker
    /// Handlers indexed by file descriptor: descriptors are small integers, so an array beats a dictionary.
    private var handlers: [(any LoopIOHandler)?] = []
    private var timers = TimerHeap<LoopTimer>()
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    /// Read at the start and bumped at the end of every critical section of `inbox` (`withInbox`), so that
    /// ThreadSanitizer sees the order the lock gives.
    ///
    /// On Linux, `Mutex` hands a contended lock over in the kernel (a priority-inheritance futex, called from
    /// libswiftSynchronization, which is not instrumented). ThreadSanitizer then sees nothing order the thread
    /// that queued a task before the loop that runs it, and reports whatever the task touches as a race, in any
    /// task: too many places for a suppression. An acquiring load before the section's work and a releasing
    /// increment after it are an order it does see. They cost two atomics on a cache line the lock has just
    /// taken, next to an `eventfd` write (`scripts/sanitizers.sh`, `scripts/tsan-suppressions.txt`).
    private let inboxHandoffs = Atomic<Int>(0)
    private let stopRequested = Atomic<Bool>(false)
    /// The thread running `run()` (`ThreadID.current`), 0 before: atomic, because the executor asks from any thread.
    private let owner = Atomic<UInt>(0)

    /// One read buffer shared by every connection of this loop: a connection reads, its handler
    /// parses, and the buffer is free for the next one. Per-connection memory stays small.
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Connections that queued bytes during this iteration; each is written once, at the end of the
    /// iteration (see `Connection.write`). Two arrays, swapped, so that neither is reallocated.
    private var pendingFlushes: [Connection] = []
    private var flushing: [Connection] = []
    /// Work deferred to the end of this iteration (`atEndOfIteration`), run just before the flushes.
    private var endOfIteration: [() -> Void] = []
    /// Work for the next iteration (`inNextIteration`), and the batch being run now: swapped, like the flushes.
    private var nextIteration: [() -> Void] = []
    private var thisIteration: [() -> Void] = []
    /// Jobs of Swift tasks enqueued on the loop thread itself (`enqueue`), and the batch being run now: no lock,
    /// no wake-up, as the loop is awake anyway.
    var localJobs: [UnownedJob] = []
    private var runningJobs: [UnownedJob] = []

    /// A loop that has not started: call `run()` on the thread that will own it.
    ///
    /// `name` defaults to "event loop N", N counting the loops of the process from 1. `poller` defaults to the
    /// platform's best backend (epoll on Linux, kqueue on macOS; `SIO_POLLER=poll` selects `poll(2)`). It throws
    /// when the system refuses the poller or the wake-up descriptor.
    public init(name: String? = nil, clock: any LoopClock = SystemClock(), poller: (any Poller)? = nil) throws {
        self.name = name ?? "event loop \(loopsCreated.add(1, ordering: .relaxed).newValue)"
        self.clock = clock
        self.poller = try poller ?? Self.pollerFromEnvironment()
        self.waker = try Waker()
        try self.poller.register(fd: waker.readFD, interest: .read)
        // Writing to a socket the peer has closed raises SIGPIPE, whose default action kills the
        // process. We want the EPIPE error instead.
        signal(SIGPIPE, SIG_IGN)
    }

    private static func pollerFromEnvironment() throws -> any Poller {
        if let name = getenv("SIO_POLLER").map({ String(cString: $0) }), name == "poll" { return PollPoller() }
        return try makeDefaultPoller()
    }

    /// The loop's current time.
    public var now: Duration { clock.now() }

    /// True on the thread running `run()` (and before the loop has started, for the setup code that builds what
    /// the loop will own).
    public var inEventLoop: Bool {
        let owner = owner.load(ordering: .relaxed)
        return owner == 0 || owner == ThreadID.current
    }

    /// True only on the thread running `run()`: where the executor may run a job without the inbox.
    var isLoopThread: Bool { owner.load(ordering: .relaxed) == ThreadID.current }

    // MARK: Work from other threads

    /// Runs `task` on the loop thread soon. Safe to call from any thread.
    ///
    /// Only the task that finds the inbox empty wakes the loop: until the loop takes the inbox, that wake-up is
    /// still due, so a burst of tasks costs one `eventfd` write, not one each.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let first = withInbox { tasks -> Bool in
            tasks.append(task)
            return tasks.count == 1
        }
        if first { waker.wake() }
    }

    /// Asks the loop to return from `run()` once the current iteration ends. Safe from any thread.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        waker.wake()
    }

    // MARK: Timers (loop thread only)

    /// Runs `body` on the loop after `delay`, unless the returned timer is cancelled first.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> LoopTimer {
        // A threading mistake in the program; no request decides which thread calls this.
        precondition(inEventLoop, "EventLoop.schedule must be called on the loop thread")
        let timer = LoopTimer(body: body)
        timers.insert(timer, deadline: now + delay)
        return timer
    }

    // MARK: Descriptors (loop thread only)

    /// Watches `fd` for `interest` and calls `handler.ioReady` when it is ready. Loop thread only; the loop keeps
    /// `handler` until `unregister(fd:)`.
    public func register(fd: Int32, interest: IOEvents, handler: any LoopIOHandler) throws {
        try poller.register(fd: fd, interest: interest)
        let index = Int(fd)
        if index >= handlers.count { handlers.append(contentsOf: repeatElement(nil, count: index - handlers.count + 1)) }
        handlers[index] = handler
    }

    /// Changes what a registered descriptor is watched for (write interest only while there is data to write).
    public func modify(fd: Int32, interest: IOEvents) {
        try? poller.modify(fd: fd, interest: interest)
    }

    /// Stops watching `fd` and releases its handler; call it before closing the descriptor.
    public func unregister(fd: Int32) {
        poller.unregister(fd: fd)
        if Int(fd) < handlers.count { handlers[Int(fd)] = nil }
    }

    // MARK: The loop

    /// Runs the loop on the calling thread until `stop()`.
    public func run() {
        owner.store(ThreadID.current, ordering: .relaxed)
        while !stopRequested.load(ordering: .relaxed) {
            swap(&nextIteration, &thisIteration)
            let timeout = thisIteration.isEmpty && localJobs.isEmpty ? timers.nextDeadline.map { $0 - now } : .zero
            do {
                try poller.wait(timeout: timeout) { fd, events in
                    if fd == waker.readFD {
                        waker.drain()
                    } else if Int(fd) < handlers.count, let handler = handlers[Int(fd)] {
                        handler.ioReady(events)
                    }
                }
            } catch {
                // epoll_wait/kevent fail only on a bad descriptor or buffer (EINTR returns early): a bug, not input.
                fatalError("event loop poller failed: \(error)")
            }
            runThisIteration()
            runDueTimers()
            runInbox()
            runLocalJobs()
            finishIteration()
        }
        runInbox()
        runLocalJobs()
        finishIteration()
    }

    /// Runs `task` at the end of the current iteration, after every ready descriptor, due timer and inbox
    /// task, just before the writes are flushed (loop thread only).
    ///
    /// For work that is cheaper done once per iteration than once per event: one loop of a group sends the
    /// broadcasts of a whole iteration to another loop in one `execute`, so that the other loop writes them
    /// to each socket in one `writev` too (`LoopAdapterGroup`).
    public func atEndOfIteration(_ task: @escaping () -> Void) {
        // A threading mistake in the program; no request decides which thread calls this.
        precondition(inEventLoop, "EventLoop.atEndOfIteration must be called on the loop thread")
        endOfIteration.append(task)
    }

    /// The deferred work, then the flushes; a flush can make a handler defer more work, hence the loop.
    private func finishIteration() {
        repeat {
            let tasks = endOfIteration
            endOfIteration.removeAll(keepingCapacity: true)
            for task in tasks { task() }
            flushPending()
        } while !endOfIteration.isEmpty
    }

    /// Runs `task` in the next iteration, after that iteration's ready descriptors (loop thread only).
    ///
    /// For work taken in turns: a connection with many pipelined requests answers a few, then waits here
    /// for its next turn, so every socket that became ready meanwhile is served first. Unlike a zero-delay
    /// timer, which the timer phase of the same iteration would fire, this waits for one more `poll`.
    public func inNextIteration(_ task: @escaping () -> Void) {
        precondition(inEventLoop, "EventLoop.inNextIteration must be called on the loop thread")
        nextIteration.append(task)
    }

    private func runThisIteration() {
        guard !thisIteration.isEmpty else { return }
        for task in thisIteration { task() }
        thisIteration.removeAll(keepingCapacity: true)
    }

    /// Asks for `connection` to be flushed at the end of this iteration (loop thread only).
    func flushLater(_ connection: Connection) {
        pendingFlushes.append(connection)
    }

    /// Writes every connection that queued bytes in this iteration: one `writev` each, however many
    /// messages it was given. A flush can make handlers write more (a close callback), hence the loop.
    private func flushPending() {
        while !pendingFlushes.isEmpty {
            swap(&pendingFlushes, &flushing)
            for connection in flushing { connection.flushDeferred() }
            flushing.removeAll(keepingCapacity: true)
        }
    }

    private func runDueTimers() {
        let current = now
        while let timer = timers.popExpired(now: current) {
            guard let body = timer.body else { continue }
            timer.body = nil
            body()
        }
    }

    /// Runs the jobs enqueued on the loop thread so far; those they enqueue wait for the next iteration (which
    /// then does not block), so a task that keeps yielding cannot starve the sockets.
    private func runLocalJobs() {
        guard !localJobs.isEmpty else { return }
        swap(&localJobs, &runningJobs)
        for job in runningJobs { runJob(job) }
        runningJobs.removeAll(keepingCapacity: true)
    }

    private func runInbox() {
        let tasks = withInbox { tasks -> [@Sendable () -> Void] in
            defer { tasks.removeAll(keepingCapacity: true) }
            return tasks
        }
        for task in tasks { task() }
    }

    /// Runs `body` on the inbox under its lock, between the two halves of `inboxHandoffs`.
    private func withInbox<T>(_ body: (inout [@Sendable () -> Void]) -> T) -> T {
        inbox.withLock { tasks in
            _ = inboxHandoffs.load(ordering: .acquiring)
            defer { inboxHandoffs.add(1, ordering: .releasing) }
            return body(&tasks)
        }
    }
}
