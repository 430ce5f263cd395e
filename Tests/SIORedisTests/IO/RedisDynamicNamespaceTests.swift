// SPDX-License-Identifier: MIT

import Foundation
import SIORedis
import SIOServer
import SIOTestSupport
import Testing

/// A dynamic child namespace over a real Redis: with `cleanupEmptyChildNamespaces`, its removal unsubscribes
/// its channels, so that neither Redis nor the server keeps its name.
@Suite("Dynamic namespaces through a real Redis", .enabled(if: RedisServerProcess.isAvailable), .serialized)
final class RedisDynamicNamespaceTests: @unchecked Sendable {
    let redis: RedisServerProcess
    let node: ClusterNode

    init() throws {
        redis = try RedisServerProcess()
        var configuration = ServerConfiguration()
        configuration.cleanupEmptyChildNamespaces = true
        node = try ClusterNode(redisURL: redis.url, configuration: configuration)
        guard node.waitForLink() else { throw RawClient.Failure(description: "Redis link did not come up") }
        try node.onLoop { self.node.io.of(/^\/dyn-\d+$/).onConnection { _ in } }
    }

    deinit {
        node.stop()
    }

    @Test("a removed child namespace unsubscribes from its channels; recreated, it subscribes again")
    func unsubscribesWhenRemoved() async throws {
        let client = try await node.client()
        try await client.send("40/dyn-1,")
        #expect(try await client.receive().hasPrefix("40/dyn-1,"))
        #expect(try await subscribers(eventually: 1))
        try await client.send("41/dyn-1,")
        #expect(try await subscribers(eventually: 0))
        try await client.send("40/dyn-1,")
        #expect(try await client.receive().hasPrefix("40/dyn-1,"))
        #expect(try await subscribers(eventually: 1))
    }

    /// Whether `PUBSUB NUMSUB socket.io-request#/dyn-1#` comes to `expected`. The subscriber's (UN)SUBSCRIBE
    /// and this query travel on two connections, so the query is repeated (at most 100 times) until Redis has
    /// both.
    private func subscribers(eventually expected: Int) async throws -> Bool {
        for _ in 0..<100 {
            let count = try await offPool { try self.requestChannelSubscribers() }
            if count == expected { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private func requestChannelSubscribers() throws -> Int? {
        let answer = DispatchSemaphore(value: 0)
        let box = AnswerBox()
        try node.onLoop {
            self.node.redis.publisher.send("PUBSUB", "NUMSUB", "socket.io-request#/dyn-1#") { result in
                box.count = (try? result.get())?.arrayValue.flatMap { $0.count == 2 ? $0[1].intValue : nil }
                answer.signal()
            }
        }
        answer.wait()
        return box.count
    }
}

/// The answer of one Redis query, written on the loop, read after the semaphore.
private final class AnswerBox: @unchecked Sendable {
    var count: Int?
}
