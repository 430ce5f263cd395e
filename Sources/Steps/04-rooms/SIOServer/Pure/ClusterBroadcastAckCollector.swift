// SPDX-License-Identifier: MIT

/// Decides when a broadcast with an acknowledgement is over when several servers deliver it
/// (socket.io `broadcast-operator.ts` `emit`: `expectedServerCount`, `actualServerCount`, `expectedClientCount`).
///
/// On one server, the adapter knows how many sockets it wrote to, and `BroadcastAckCollector` waits for that
/// many answers. In a cluster nobody knows the total up front. Three kinds of news arrive, in any order:
/// - how many servers there are (`serverCount`: the Redis adapter asks Redis, `PUBSUB NUMSUB`);
/// - each server, this one included, reporting how many of its sockets got the packet (`clientCount`);
/// - each socket's answer (`receive`).
///
/// Once every server has reported, the total number of answers is known and is handed to a
/// `BroadcastAckCollector`, which then completes as usual (or times out with the answers so far).
/// As in Node's broadcast operator, every adapter goes through it: the in-memory adapter reports one server
/// (`Adapter.serverCount`), a cluster adapter (SIOCluster, SIORedis, SIOLoops) the servers it reaches.
/// A scope of several namespaces (a dynamic parent) counts each namespace's servers: `namespaces` says how
/// many `serverCount` calls to wait for.
///
/// ```swift
/// var collector = ClusterBroadcastAckCollector(namespaces: 1)
/// collector.clientCount(1)          // nil: this server wrote to one socket
/// collector.receive(["a"])          // nil: its answer
/// collector.serverCount(2)          // nil: there are two servers, one has not reported
/// collector.clientCount(1)          // nil: the other server wrote to one socket
/// collector.receive(["b"])          // .complete([["a"], ["b"]])
/// ```
package struct ClusterBroadcastAckCollector: Sendable, Hashable {
    /// The same three endings as on one server: complete, timed out with the answers so far, or still open (`nil`).
    package typealias Outcome = BroadcastAckCollector.Outcome

    private var answers = BroadcastAckCollector()
    /// Namespaces whose server count has not arrived yet.
    private var pendingServerCounts: Int
    private var expectedServers = 0
    private var reportedServers = 0
    private var expectedClients = 0

    /// A broadcast to `namespaces` namespaces (one, or a dynamic parent's children): that many `serverCount`
    /// calls arrive before the number of servers is known.
    package init(namespaces: Int) {
        pendingServerCounts = namespaces
    }

    /// True once an outcome was returned: later news (a late answer, the timeout) changes nothing.
    package var isFinished: Bool { answers.isFinished }

    /// One namespace's adapter says how many servers serve it (this one included).
    package mutating func serverCount(_ count: Int) -> Outcome? {
        pendingServerCounts -= 1
        expectedServers += count
        return expectIfAllReported()
    }

    /// One server wrote the packet to `count` of its sockets.
    package mutating func clientCount(_ count: Int) -> Outcome? {
        reportedServers += 1
        expectedClients += count
        return expectIfAllReported()
    }

    /// Every namespace has been handed the packet. Needed for a scope with no namespace at all (a dynamic parent
    /// without children), which otherwise would wait for nothing forever; harmless otherwise.
    package mutating func finishedSending() -> Outcome? {
        expectIfAllReported()
    }

    /// One socket answered.
    package mutating func receive(_ arguments: [SocketIOValue]) -> Outcome? {
        answers.receive(arguments)
    }

    /// The timer fired.
    package mutating func timeout() -> Outcome? {
        answers.timeout()
    }

    /// A server that reports without having been counted (it subscribed after Redis was asked) adds its
    /// clients to the total; hence `>=`, where Node's `===` would then wait for the timeout.
    private mutating func expectIfAllReported() -> Outcome? {
        guard pendingServerCounts == 0, reportedServers >= expectedServers else { return nil }
        return answers.expect(expectedClients)
    }
}
