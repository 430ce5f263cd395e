// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP

/// A fixed number of threads that hash passwords for every event loop of the process, fed by a bounded queue.
///
/// PBKDF2 is slow on purpose (about 100 ms at the default cost in a release build): on an event loop it would
/// stall every socket of that loop, and on Dispatch's global queue a burst of logins would take every core
/// and grow a queue nobody bounds. Here the cost of a burst is capped twice:
/// - `threadCount` threads hash at once (by default one less than the cores, at least one: on a 2-core machine
///   one core keeps serving sockets whatever the login traffic);
/// - at most `queueLimit` jobs wait; one more is refused at once (`submit` returns false: the API answers 503
///   with `Retry-After`) instead of making everyone's login slower.
///
/// A job's result comes back on the loop that submitted it (`loop.execute`), where the store and the sockets
/// may be touched again. `@unchecked Sendable`: every mutable field is read and written under `condition`, an
/// `NSCondition` (a `Mutex` cannot wait), which the compiler cannot tie to the fields it guards.
final class PasswordWorkPool: @unchecked Sendable {
    /// What `/metrics` shows of the pool.
    struct Statistics: Sendable, Equatable {
        var waiting = 0
        var running = 0
        var completed = 0
        var rejected = 0
    }

    /// Threads by default: the cores but one, at least one.
    static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }
    static let defaultQueueLimit = 16
    /// What a refused job's `Retry-After` says: about the time the queue takes to drain at the default cost.
    static let retryAfterSeconds = 1

    let threadCount: Int
    let queueLimit: Int
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var statistics = Statistics()
    private var isStopped = false

    init(threadCount: Int = PasswordWorkPool.defaultThreadCount, queueLimit: Int = PasswordWorkPool.defaultQueueLimit) {
        precondition(threadCount >= 1 && queueLimit >= 1, "a password pool needs a thread and a queue")
        self.threadCount = threadCount
        self.queueLimit = queueLimit
        for index in 0..<threadCount {
            let thread = Thread { [self] in serve() }
            thread.name = "chatdemo-password-\(index)"
            thread.start()
        }
    }

    /// Queues `work`; `then` gets its result on `loop`. False, and nothing queued, when `queueLimit` jobs are
    /// already waiting or the pool has stopped.
    func submit<T: Sendable>(on loop: EventLoop, _ work: @escaping @Sendable () -> T, then: @escaping (T) -> Void) -> Bool {
        let continuation = LoopBound(then, loop: loop)
        let job: @Sendable () -> Void = {
            let result = work()
            loop.execute { continuation.value(result) }
        }
        condition.lock()
        defer { condition.unlock() }
        guard !isStopped, jobs.count < queueLimit else {
            statistics.rejected += 1
            return false
        }
        jobs.append(job)
        statistics.waiting = jobs.count
        condition.signal()
        return true
    }

    var currentStatistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        return statistics
    }

    /// Lets the threads end once the queue is empty; later `submit`s are refused.
    func stop() {
        condition.lock()
        isStopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve() {
        while let job = next() {
            job()
            condition.lock()
            statistics.running -= 1
            statistics.completed += 1
            condition.unlock()
        }
    }

    /// The oldest job, waiting for one; nil once stopped and drained.
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty {
            if isStopped { return nil }
            condition.wait()
        }
        statistics.running += 1
        let job = jobs.removeFirst()
        statistics.waiting = jobs.count
        return job
    }
}
