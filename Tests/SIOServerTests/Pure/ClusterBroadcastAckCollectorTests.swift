// SPDX-License-Identifier: MIT

import SIOServer
import Testing

/// The completion rule of a broadcast with an acknowledgement across servers (socket.io `broadcast-operator.ts`:
/// every server counted by Redis has reported its client count, and every client has answered).
@Suite("Cluster broadcast acknowledgements")
struct ClusterBroadcastAckCollectorTests {
    @Test("completes once every server has reported and every client has answered, in any order")
    func completesWhenAllAnswered() {
        var collector = ClusterBroadcastAckCollector(namespaces: 1)
        #expect(collector.clientCount(1) == nil)        // this server: one socket
        #expect(collector.receive(["a"]) == nil)
        #expect(collector.serverCount(2) == nil)        // Redis: two servers
        #expect(collector.clientCount(2) == nil)        // the other: two sockets
        #expect(collector.receive(["b"]) == nil)
        #expect(collector.receive(["c"]) == .complete([["a"], ["b"], ["c"]]))
        #expect(collector.receive(["late"]) == nil)
    }

    @Test("a server count that arrives last still completes the broadcast")
    func completesOnTheServerCount() {
        var collector = ClusterBroadcastAckCollector(namespaces: 1)
        #expect(collector.clientCount(0) == nil)
        #expect(collector.clientCount(0) == nil)
        #expect(collector.serverCount(2) == .complete([]))
    }

    @Test("times out with the answers received so far when a server never reports")
    func timesOut() {
        var collector = ClusterBroadcastAckCollector(namespaces: 1)
        _ = collector.serverCount(3)
        _ = collector.clientCount(1)
        _ = collector.receive(["a"])
        _ = collector.clientCount(1)
        #expect(collector.timeout() == .timedOut([["a"]]))
        #expect(collector.isFinished)
    }

    @Test("waits for the server count of every namespace of a dynamic parent")
    func countsEveryNamespace() {
        var collector = ClusterBroadcastAckCollector(namespaces: 2)
        #expect(collector.serverCount(1) == nil)
        #expect(collector.clientCount(0) == nil)
        #expect(collector.finishedSending() == nil)
        #expect(collector.serverCount(1) == nil)
        #expect(collector.clientCount(1) == nil)
        #expect(collector.receive([]) == .complete([[]]))
    }

    @Test("a scope without namespaces completes at once, with no answers")
    func completesEmptyScopes() {
        var collector = ClusterBroadcastAckCollector(namespaces: 0)
        #expect(collector.finishedSending() == .complete([]))
    }
}
