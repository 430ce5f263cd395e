// SPDX-License-Identifier: MIT

import SIOServer
import SIOTestSupport
import Testing

/// Dynamic namespaces whose predicate awaits (socket.io `index.ts` `_checkNamespace` with a function parent calling
/// `next(err, allow)` later), over live long-polling. The predicate waits at an `AsyncGate`, the tests' slow database.
@Suite("Dynamic namespaces: asynchronous predicate")
struct AsyncNamespacePredicateTests {
    /// A server with one dynamic parent that accepts every name once `gate` opens.
    static func acceptingAfter(
        _ gate: AsyncGate, _ configure: @escaping (inout ServerConfiguration) -> Void
    ) throws -> SocketIOTestServer {
        try SocketIOTestServer(setup: { io in
            io.of(matching: { _, _ in
                await gate.wait()
                return true
            })
        }, configure: configure)
    }

    @Test("a CONNECT to a new name waits for the predicate, then joins the child it creates")
    func acceptsLater() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let recorder = Recorder()
        let server = try SocketIOTestServer(setup: { io in
            io.of(matching: { name, _ in
                await gate.wait()
                return name.hasPrefix("/workspace-")
            }).onConnection { socket in recorder.record(socket.namespace.name) }
        })
        defer { server.stop() }
        let client = try server.client()
        try client.post("40/workspace-1,")
        #expect(gate.arrived.wait(timeout: .seconds(2)))
        #expect(try server.onLoop { server.io.namespaces["/workspace-1"] } == nil)
        gate.open()
        #expect(try client.next().hasPrefix("40/workspace-1,{\"sid\":\""))
        #expect(recorder.all == ["/workspace-1"])
        // The child exists now: the next CONNECT does not ask again.
        try server.client().connect("/workspace-1")
        #expect(gate.arrivals == 1)
    }

    @Test("a name the predicate refuses gets Invalid namespace, after asking the next parent")
    func refusesLater() throws {
        let server = try SocketIOTestServer(setup: { io in
            io.of(matching: { name, _ in
                await Task.yield()
                return name == "/async"
            })
            io.of(matching: { name, _ in name == "/sync" })
        })
        defer { server.stop() }
        let client = try server.client()
        try client.post("40/nope,")
        #expect(try client.next() == #"44/nope,{"message":"Invalid namespace"}"#)
        try client.connect("/sync")
        try client.connect("/async")
    }

    @Test("a predicate slower than namespaceCheckTimeout counts as no: Invalid namespace")
    func timesOut() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let server = try Self.acceptingAfter(gate) { $0.namespaceCheckTimeout = .milliseconds(100) }
        defer { server.stop() }
        let client = try server.client()
        try client.post("40/slow,")
        #expect(try client.next() == #"44/slow,{"message":"Invalid namespace"}"#)
        gate.open()
        #expect(try server.onLoop { server.io.namespaces["/slow"] } == nil)
    }

    @Test("the predicate receives the CONNECT's auth payload")
    func receivesAuth() throws {
        let server = try SocketIOTestServer(setup: { io in
            io.of(matching: { _, auth in
                await Task.yield()
                return auth["token"]?.stringValue == "t0k3n"
            })
        })
        defer { server.stop() }
        let client = try server.client()
        try client.post(#"40/team,{"token":"nope"}"#)
        #expect(try client.next() == #"44/team,{"message":"Invalid namespace"}"#)
        try client.connect("/team", auth: #"{"token":"t0k3n"}"#)
    }

    @Test("past maxPendingNamespaceChecks waiting CONNECTs, one more is refused at once")
    func pendingBound() throws {
        let gate = AsyncGate()
        defer { gate.open() }
        let server = try Self.acceptingAfter(gate) { $0.maxPendingNamespaceChecks = 2 }
        defer { server.stop() }
        let client = try server.client()
        try client.post("40/a,", "40/b,", "40/c,")
        #expect(try client.next() == #"44/c,{"message":"Invalid namespace"}"#)
        gate.open()
        let replies = try client.next(2).sorted()
        #expect(replies[0].hasPrefix("40/a,{\"sid\":\""))
        #expect(replies[1].hasPrefix("40/b,{\"sid\":\""))
    }
}
