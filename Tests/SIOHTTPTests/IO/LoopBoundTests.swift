// SPDX-License-Identifier: MIT

import Dispatch
import SIOHTTP
import Testing

/// `LoopBound` carries a loop's value through other threads and checks that it is used on that loop only.
@Suite("LoopBound")
struct LoopBoundTests {
    /// A loop-confined, non-`Sendable` value: what the box exists for.
    final class Tally {
        var count = 0
    }

    @Test("a value sent through another thread is read and changed on its loop")
    func usedOnItsLoop() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let tally = thread.sync { LoopBound(Tally(), loop: thread.loop) }
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            thread.loop.execute {
                tally.value.count += 1
                done.signal()
            }
        }
        done.wait()
        #expect(thread.sync { tally.value.count } == 1)
    }

    #if DEBUG
    @Test("reading the value off its loop traps in a debug build, with a message naming the loop")
    func offLoopReadTraps() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let thread = try LoopThread()
            let bound = thread.sync { LoopBound(Tally(), loop: thread.loop) }
            _ = bound.value.count
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("LoopBound<Tally>.value is bound to event loop"))
    }
    #endif
}
