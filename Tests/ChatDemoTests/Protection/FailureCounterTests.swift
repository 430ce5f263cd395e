// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Failure counter: a window per key, bounded")
struct FailureCounterTests {
    let rule = FailureCounter.Rule(limit: 3, windowMilliseconds: 60_000)

    @Test("a key is refused at the limit, with the seconds left in its window, and free again when the window ends")
    func limitAndWindow() {
        var counter = FailureCounter(rule: rule, capacity: 10)
        for second in 0..<3 {
            #expect(counter.retryAfter("bob", now: second * 1000) == nil)
            counter.record("bob", now: second * 1000)
        }
        #expect(counter.retryAfter("bob", now: 3000) == 57)
        #expect(counter.retryAfter("bob", now: 59_999) == 1)
        #expect(counter.retryAfter("alice", now: 3000) == nil)
        #expect(counter.retryAfter("bob", now: 60_000) == nil)
        #expect(counter.count == 0)
    }

    @Test("a forgiven attempt no longer counts, and a reset key starts from zero")
    func forgiveAndReset() {
        var counter = FailureCounter(rule: rule, capacity: 10)
        for _ in 0..<3 { counter.record("bob", now: 0) }
        counter.forgive("bob")
        #expect(counter.retryAfter("bob", now: 1) == nil)
        counter.record("bob", now: 1)
        #expect(counter.retryAfter("bob", now: 2) == 60)
        counter.reset("bob")
        #expect(counter.retryAfter("bob", now: 2) == nil)
        #expect(counter.count == 0)
    }

    @Test("a full table drops ended windows first, then the key whose window opened first")
    func capacity() {
        var counter = FailureCounter(rule: rule, capacity: 3)
        counter.record("old", now: 0)
        counter.record("a", now: 50_000)
        counter.record("b", now: 51_000)
        counter.record("c", now: 61_000)
        #expect(counter.count == 3)
        for _ in 0..<2 { counter.record("a", now: 61_000) }
        #expect(counter.retryAfter("a", now: 61_000) == 49)
        counter.record("d", now: 62_000)
        #expect(counter.count == 3)
        #expect(counter.retryAfter("a", now: 62_000) == nil)
        for key in ["b", "c", "d"] { counter.record(key, now: 62_000) }
        #expect(counter.count == 3)
    }
}
