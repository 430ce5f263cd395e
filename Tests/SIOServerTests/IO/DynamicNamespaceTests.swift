// SPDX-License-Identifier: MIT

import SIOServer
import SIOTestSupport
import Testing

/// Dynamic child namespaces over live long-polling: removed when empty (`cleanupEmptyChildNamespaces`), and
/// bounded in name length and in number.
@Suite("Dynamic namespaces: cleanup and bounds")
struct DynamicNamespaceTests {
    /// A server with one dynamic parent, `/dyn-<digits>`, whose connection handler records the child's name.
    static func server(
        recorder: Recorder = Recorder(), _ configure: @escaping (inout ServerConfiguration) -> Void = { _ in }
    ) throws -> SocketIOTestServer {
        try SocketIOTestServer(setup: { io in
            io.of(/^\/dyn-\d+$/).onConnection { socket in recorder.record(socket.namespace.name) }
        }, configure: configure)
    }

    static func names(_ server: SocketIOTestServer) throws -> [String] {
        try server.onLoop { server.io.namespaces.keys.sorted() }
    }

    @Test("a child namespace goes when its last socket leaves, and the next CONNECT creates it again")
    func removedWhenEmpty() throws {
        let recorder = Recorder()
        let server = try Self.server(recorder: recorder) { $0.cleanupEmptyChildNamespaces = true }
        defer { server.stop() }
        let first = try server.client(), second = try server.client()
        try first.connect("/dyn-1")
        try second.connect("/dyn-1")
        try first.post("41/dyn-1,")
        #expect(try Self.names(server) == ["/", "/dyn-1"])
        try second.post("41/dyn-1,")
        #expect(try Self.names(server) == ["/"])
        #expect(try server.onLoop { server.io.childNamespaceCount } == 0)
        try first.connect("/dyn-1")
        #expect(try Self.names(server) == ["/", "/dyn-1"])
        #expect(recorder.all == ["/dyn-1", "/dyn-1", "/dyn-1"])
    }

    @Test("a child namespace also goes when its client's connection closes, or when its middleware refuses")
    func removedOnCloseAndRefusal() throws {
        let server = try SocketIOTestServer(setup: { io in
            io.of(/^\/dyn-\d+$/).use { socket, next in
                next(socket.namespace.name == "/dyn-2" ? ConnectError("no") : nil)
            }
        }, configure: { $0.cleanupEmptyChildNamespaces = true })
        defer { server.stop() }
        let client = try server.client()
        try client.connect("/dyn-1")
        try client.post("40/dyn-2,")
        #expect(try client.next() == #"44/dyn-2,{"message":"no"}"#)
        #expect(try Self.names(server) == ["/", "/dyn-1"])
        try client.post("1")
        #expect(try Self.names(server) == ["/"])
    }

    @Test("without cleanupEmptyChildNamespaces (the default, as in Node) an empty child namespace stays")
    func keptByDefault() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try server.client()
        try client.connect("/dyn-1")
        try client.post("41/dyn-1,")
        #expect(try Self.names(server) == ["/", "/dyn-1"])
    }

    @Test("a namespace name longer than maxNamespaceNameBytes is refused with Invalid namespace and creates nothing")
    func longNameRefused() throws {
        let server = try Self.server()
        defer { server.stop() }
        let client = try server.client()
        let longest = "/dyn-" + String(repeating: "7", count: 251)
        try client.connect(longest)
        let tooLong = longest + "7"
        try client.post("40\(tooLong),")
        #expect(try client.next() == "44\(tooLong),{\"message\":\"Invalid namespace\"}")
        #expect(try Self.names(server) == ["/", longest])
    }

    @Test("at maxChildNamespaces a new name is refused with Invalid namespace while existing children keep working")
    func childCountBound() throws {
        let server = try Self.server { configuration in
            configuration.maxChildNamespaces = 2
            configuration.cleanupEmptyChildNamespaces = true
        }
        defer { server.stop() }
        let client = try server.client(), other = try server.client()
        try client.connect("/dyn-1")
        try client.connect("/dyn-2")
        try client.post("40/dyn-3,")
        #expect(try client.next() == #"44/dyn-3,{"message":"Invalid namespace"}"#)
        try other.connect("/dyn-1")
        #expect(try server.onLoop { server.io.statistics.childNamespacesRefused } == 1)
        try client.post("41/dyn-2,")
        try client.connect("/dyn-3")
        #expect(try Self.names(server) == ["/", "/dyn-1", "/dyn-3"])
    }
}
