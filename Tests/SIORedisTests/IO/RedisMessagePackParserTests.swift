// SPDX-License-Identifier: MIT

import SIOMsgpackParser
import SIOServer
import SIOTestSupport
import Testing

/// A server with the msgpack parser and one with the default parser, sharing a real `redis-server`: the adapter's
/// messages are the official adapter's MessagePack whatever the servers' parsers, and each server encodes what it
/// receives with its own parser. Skipped when `redis-server` is not installed.
@Suite("Servers with different parsers through a real Redis", .enabled(if: RedisServerProcess.isAvailable), .serialized)
struct RedisMessagePackParserTests {
    @Test("a broadcast from a msgpack server reaches its own client as one binary frame and the other's as text")
    func broadcastAcrossParsers() async throws {
        let redis = try RedisServerProcess()
        var configuration = ServerConfiguration()
        configuration.parser = .msgpack
        let msgpack = try ClusterNode(redisURL: redis.url, configuration: configuration)
        let plain = try ClusterNode(redisURL: redis.url)
        defer {
            msgpack.stop()
            plain.stop()
        }
        let linked = try await msgpack.link(), plainLinked = try await plain.link()
        #expect(linked && plainLinked)

        let there = try await plain.client()
        let here = try WebSocketClient(port: msgpack.port, path: "/socket.io/?EIO=4&transport=websocket")
        guard case .text = try here.receiveMessage() else { Issue.record("no open packet"); return }
        // {type: 0, data: {}, nsp: "/"}
        try here.send(.binary(hex("83 a4 74 79 70 65 00 a4 64 61 74 61 80 a3 6e 73 70 a1 2f")))
        guard case .binary = try here.receiveMessage() else { Issue.record("no binary CONNECT reply"); return }

        try msgpack.onLoop { msgpack.io.emit("bin", .binary([1, 2, 3]), 1.5) }
        // {type: 2, data: ["bin", <01 02 03>, 1.5], nsp: "/"}
        #expect(try here.receiveMessage() == .binary(hex(
            "83 a4 74 79 70 65 02 a4 64 61 74 61 93 a3 62 69 6e c4 03 01 02 03 cb 3f f8 00 00 00 00 00 00 a3 6e 73 70 a1 2f")))
        #expect(try await there.receive() == #"451-["bin",{"_placeholder":true,"num":0},1.5]"#)
        #expect(try await there.receive() == "bAQID")
    }
}
