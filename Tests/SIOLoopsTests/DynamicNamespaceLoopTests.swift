// SPDX-License-Identifier: MIT

import SIOServer
import SIOTestSupport
import Testing

/// Dynamic child namespaces with one loop per core: each loop creates and removes its own children.
@Suite("Dynamic namespaces on several loops")
struct DynamicNamespaceLoopTests {
    @Test("with two loops, a child goes from the loop where it emptied only, and broadcasts reach it again once recreated")
    func removedPerLoop() throws {
        var configuration = ServerConfiguration()
        configuration.cleanupEmptyChildNamespaces = true
        let servers = try LoopGroupServers(configuration: configuration) { io in
            io.of(/^\/dyn-\d+$/).onConnection { _ in }
        }
        defer { servers.stop() }
        let here = try PollingClient(port: servers.ports[0]), there = try PollingClient(port: servers.ports[1])
        try here.connect("/dyn-1")
        try there.connect("/dyn-1")
        try here.post("41/dyn-1,")
        #expect(try servers.onLoop(0) { servers.io[0].namespaces["/dyn-1"] } == nil)
        try servers.onLoop(1) { servers.io[1].of("/dyn-1").emit("alone") }
        #expect(try there.next() == #"42/dyn-1,["alone"]"#)

        try here.connect("/dyn-1")
        try servers.onLoop(1) { servers.io[1].of("/dyn-1").emit("both") }
        #expect(try here.next() == #"42/dyn-1,["both"]"#)
        #expect(try there.next() == #"42/dyn-1,["both"]"#)
    }
}
