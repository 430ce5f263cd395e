// SPDX-License-Identifier: MIT

import SIOHTTP
import SIORedis
import SIOServer
import SIOTestSupport
import Testing

/// The RESP client against a real `redis-server`: pipelining, error replies, and what happens without Redis.
@Suite("RESP client on the event loop", .enabled(if: RedisServerProcess.isAvailable), .serialized)
final class RedisClientTests: @unchecked Sendable {
    let redis: RedisServerProcess
    let thread: LoopThread

    init() throws {
        redis = try RedisServerProcess()
        thread = try LoopThread()
    }

    deinit {
        thread.stop()
    }

    /// A started client, and a flag set when it is connected.
    private func connectedClient(url: String) throws -> RedisClient {
        let connected = Flag()
        let client = try thread.sync {
            let client = RedisClient(endpoint: try RedisEndpoint(url: url), loop: self.thread.loop)
            client.connection.onStateChange = { state in if state == .connected { connected.set() } }
            client.start()
            return client
        }
        guard connected.wait(timeout: .seconds(5)) else { throw RawClient.Failure(description: "no connection to \(url)") }
        return client
    }

    @Test("pipelined commands get their own replies, in order, with errors as failures")
    func pipelines() async throws {
        let client = try await offPool { [self] in try connectedClient(url: redis.url) }
        let replies = Recorded<[Result<RESPValue, RedisError>]>()
        let done = Flag()
        thread.sync {
            var collected: [Result<RESPValue, RedisError>] = []
            // 100 commands written in one loop turn: one writev, one round trip.
            for index in 0..<100 {
                client.send("ECHO", String(index)) { collected.append($0) }
            }
            client.send("NO-SUCH-COMMAND") { collected.append($0) }
            client.send("PUBSUB", "NUMSUB", "nobody") { result in
                collected.append(result)
                replies.set(collected)
                done.set()
            }
        }
        #expect(try await offPool { done.wait(timeout: .seconds(5)) })
        let results = try #require(replies.value)
        #expect(results.prefix(100).map { try? $0.get() } == (0..<100).map { .bulkString(Array(String($0).utf8)) })
        guard case .failure(.server(let message)) = results[100] else {
            Issue.record("expected an error reply, got \(results[100])")
            return
        }
        #expect(message.hasPrefix("ERR unknown command"))
        #expect(try results[101].get() == .array([.bulkString(Array("nobody".utf8)), .integer(0)]))
        thread.sync { client.close() }
    }

    @Test("a host name is resolved, off the loop, before each connection attempt")
    func resolvesHostNames() async throws {
        let client = try await offPool { [self] in try connectedClient(url: "redis://localhost:\(redis.port)") }
        #expect(thread.sync { client.isConnected })
        thread.sync { client.close() }

        // A name that cannot exist (RFC 2606 reserves .invalid): the attempt fails, is logged, and is retried.
        let logged = Recorded<String>()
        let failed = Flag()
        thread.sync {
            let lost = RedisClient(endpoint: RedisEndpoint(host: "no-such-host.invalid"), loop: self.thread.loop)
            lost.connection.log = { _, line in
                logged.set(line)
                failed.set()
                lost.close()
            }
            lost.start()
        }
        #expect(try await offPool { failed.wait(timeout: .seconds(10)) })
        #expect(logged.value?.contains("cannot resolve no-such-host.invalid") == true)
    }

    @Test("a password and a database in the URL become AUTH and SELECT; a wrong password is logged and retried")
    func logsIn() async throws {
        let secured = try await offPool { try RedisServerProcess(arguments: ["--requirepass", "s3cret"]) }
        let client = try await offPool { [self] in try connectedClient(url: "redis://:s3cret@127.0.0.1:\(secured.port)/2") }
        let info = Recorded<Result<RESPValue, RedisError>>()
        let answered = Flag()
        thread.sync {
            client.send("CLIENT", "INFO") { result in
                info.set(result)
                answered.set()
            }
        }
        #expect(try await offPool { answered.wait(timeout: .seconds(5)) })
        #expect(try #require(info.value).get().stringValue?.contains(" db=2 ") == true)
        thread.sync { client.close() }

        let logged = Recorded<String>()
        let refused = Flag()
        try thread.sync {
            let intruder = RedisClient(endpoint: try RedisEndpoint(url: "redis://:wrong@127.0.0.1:\(secured.port)"), loop: self.thread.loop)
            intruder.connection.log = { _, line in
                logged.set(line)
                refused.set()
                intruder.close()
            }
            intruder.start()
        }
        #expect(try await offPool { refused.wait(timeout: .seconds(5)) })
        #expect(logged.value?.contains("login refused") == true)
    }

    @Test("without Redis, commands fail at once with notConnected")
    func failsWhenDisconnected() throws {
        let outcome = Recorded<Result<RESPValue, RedisError>>()
        thread.sync {
            // Port 1 is reserved and nothing listens there: the connection is refused and retried in the background.
            let client = RedisClient(endpoint: RedisEndpoint(host: "127.0.0.1", port: 1), loop: self.thread.loop)
            client.start()
            client.send("PING") { outcome.set($0) }
            client.close()
        }
        #expect(outcome.value == .failure(.notConnected))
    }
}
