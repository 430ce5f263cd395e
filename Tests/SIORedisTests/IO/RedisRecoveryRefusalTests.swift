// SPDX-License-Identifier: MIT

import SIOHTTP
import SIORedis
import SIOServer
import SIOTestSupport
import Testing

@Suite("Connection state recovery and the Redis adapter (docs/cluster.md)")
struct RedisRecoveryRefusalTests {
    @Test("a server with connection state recovery and the Redis adapter stops at startup, saying why in one line")
    func refusesRecoveryAtStartup() async throws {
        let result = try await #require(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let thread = try LoopThread()
            try thread.sync {
                var configuration = ServerConfiguration()
                configuration.connectionStateRecovery = ConnectionStateRecovery()
                let endpoint = try RedisEndpoint(url: "redis://127.0.0.1:1")
                let redis = RedisAdapterFactory(endpoint: endpoint, loop: thread.loop)
                _ = Server(http: HTTPServer(loop: thread.loop), configuration: configuration, redis: redis)
            }
        }
        let message = String(decoding: result.standardErrorContent, as: UTF8.self)
        #expect(message.contains("connectionStateRecovery needs an adapter that keeps sessions; RedisAdapter does not"))
    }
}
