// SPDX-License-Identifier: MIT

import SIOServer
import Testing

@Suite("Broadcast acknowledgement bookkeeping (broadcast-operator.ts checkCompleteness)")
struct BroadcastAckCollectorTests {
    @Test("completes when every receiver has answered, in arrival order")
    func completesWhenAllAnswered() {
        var collector = BroadcastAckCollector()
        #expect(collector.expect(2) == nil)
        #expect(collector.receive(["a"]) == nil)
        #expect(collector.receive(["b", 2]) == .complete([["a"], ["b", 2]]))
        #expect(collector.isFinished)
    }

    @Test("completes at once with no answers when the broadcast reached nobody")
    func completesWithNoReceivers() {
        var collector = BroadcastAckCollector()
        #expect(collector.expect(0) == .complete([]))
    }

    @Test("answers that arrive before the receiver count is known still count")
    func countsEarlyAnswers() {
        var collector = BroadcastAckCollector()
        #expect(collector.receive([1]) == nil)
        #expect(collector.expect(1) == .complete([[1]]))
    }

    @Test("the timeout ends it with the answers so far; anything later is ignored")
    func timesOut() {
        var collector = BroadcastAckCollector()
        #expect(collector.expect(3) == nil)
        #expect(collector.receive(["x"]) == nil)
        #expect(collector.timeout() == .timedOut([["x"]]))
        #expect(collector.receive(["late"]) == nil)
        #expect(collector.timeout() == nil)
    }

    @Test("a timeout after completion does nothing")
    func timeoutAfterCompletion() {
        var collector = BroadcastAckCollector()
        _ = collector.expect(1)
        _ = collector.receive([true])
        #expect(collector.timeout() == nil)
    }
}
