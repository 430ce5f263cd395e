// SPDX-License-Identifier: MIT

import SIOHTTP
import Synchronization
import Testing

/// The loop as a Swift executor: a task on the loop, and an actor that uses the loop as its executor.
@Suite("Event loop executor")
struct EventLoopExecutorTests {
    /// An actor isolated to a loop: its methods run on the loop thread, beside the loop's sockets.
    actor LoopCounter {
        let loop: EventLoop
        private var count = 0

        init(loop: EventLoop) { self.loop = loop }

        nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

        func increment() -> (count: Int, onLoop: Bool) {
            count += 1
            return (count, loop.inEventLoop)
        }
    }

    @Test("a task on the loop runs on the loop thread, and resumes there after awaiting work done elsewhere")
    func taskResumesOnTheLoop() async throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let loop = thread.loop
        let observed = await loop.task {
            let before = loop.inEventLoop
            let elsewhere = await Task.detached { loop.inEventLoop }.value
            let after = loop.inEventLoop
            return [before, elsewhere, after]
        }.value
        #expect(observed == [true, false, true])
    }

    @Test("a task that keeps yielding on the loop lets the loop's timers run between its turns")
    func yieldingTaskSharesTheLoop() async throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let loop = thread.loop
        let timerFiredMeanwhile = await loop.task {
            let fired = TimerFired()
            loop.schedule(after: .zero) { fired.value.store(true, ordering: .relaxed) }
            for _ in 0..<100 { await Task.yield() }
            return fired.value.load(ordering: .relaxed)
        }.value
        #expect(timerFiredMeanwhile)
    }

    @Test("an actor whose executor is a loop runs its methods on the loop thread")
    func actorOnTheLoop() async throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let counter = LoopCounter(loop: thread.loop)
        _ = await counter.increment()
        let second = await counter.increment()
        #expect(second.count == 2)
        #expect(second.onLoop)
    }

    @Test("assumeIsolated passes on the loop thread, and the loop names itself")
    func assumeIsolatedOnTheLoop() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let loop = thread.loop
        let counter = LoopCounter(loop: loop)
        let onLoop = thread.sync { counter.assumeIsolated { $0.loop.inEventLoop } }
        #expect(onLoop)
        #expect(loop.name.hasPrefix("event loop "))
        #expect(try EventLoop(name: "chat loop 1").name == "chat loop 1")
    }
}

/// Set by a timer, read by the task that armed it.
private final class TimerFired: Sendable {
    let value = Atomic<Bool>(false)
}
