// SPDX-License-Identifier: MIT

@testable import SIOHTTP
import Testing
import SIOTestSupport

@Suite("Timer heap")
struct TimerHeapTests {
    @Test("pops timers in deadline order, and equal deadlines in scheduling order")
    func order() {
        var heap = TimerHeap<String>()
        heap.insert("c", deadline: .seconds(3))
        heap.insert("a1", deadline: .seconds(1))
        heap.insert("b", deadline: .seconds(2))
        heap.insert("a2", deadline: .seconds(1))
        var fired: [String] = []
        while let next = heap.popExpired(now: .seconds(10)) { fired.append(next) }
        #expect(fired == ["a1", "a2", "b", "c"])
    }

    @Test("keeps timers whose deadline has not come")
    func notYet() {
        var heap = TimerHeap<Int>()
        heap.insert(1, deadline: .seconds(1))
        heap.insert(2, deadline: .seconds(5))
        #expect(heap.popExpired(now: .seconds(2)) == 1)
        #expect(heap.popExpired(now: .seconds(2)) == nil)
        #expect(heap.nextDeadline == .seconds(5))
    }

    @Test("stays ordered over many random insertions", arguments: [1, 2, 3])
    func randomized(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var heap = TimerHeap<Int>()
        var deadlines: [Int] = []
        for _ in 0..<500 {
            let value = Int(generator.next() % 1000)
            deadlines.append(value)
            heap.insert(value, deadline: .milliseconds(value))
        }
        var popped: [Int] = []
        while let next = heap.popExpired(now: .seconds(1)) { popped.append(next) }
        #expect(popped == deadlines.sorted())
    }
}

