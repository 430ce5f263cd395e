// SPDX-License-Identifier: MIT

import SIORedis
import Testing

@Suite("Redis URLs and reconnection backoff")
struct RedisEndpointTests {
    static let urls: [(url: String, endpoint: RedisEndpoint)] = [
        ("redis://127.0.0.1:6380", RedisEndpoint(host: "127.0.0.1", port: 6380)),
        ("redis://localhost", RedisEndpoint(host: "localhost", port: 6379)),
        ("redis://", RedisEndpoint()),
        ("redis://:secret@10.0.0.5/2", RedisEndpoint(host: "10.0.0.5", password: "secret", database: 2)),
        ("redis://app:p%40ss@10.0.0.5:7000", RedisEndpoint(host: "10.0.0.5", port: 7000, username: "app", password: "p@ss")),
        ("redis://secret@127.0.0.1", RedisEndpoint(password: "secret")),
        ("redis://[::1]:6379", RedisEndpoint(host: "::1", port: 6379)),
        ("redis://[::1]", RedisEndpoint(host: "::1", port: 6379)),
        ("redis://:secret@[2001:db8::7]:7000/1", RedisEndpoint(host: "2001:db8::7", port: 7000, password: "secret", database: 1)),
    ]

    @Test("reads host, port, credentials and database from a redis:// URL", arguments: urls)
    func readsURLs(_ vector: (url: String, endpoint: RedisEndpoint)) throws {
        #expect(try RedisEndpoint(url: vector.url) == vector.endpoint)
    }

    @Test("refuses other schemes, TLS included, and bad numbers", arguments: [
        "http://127.0.0.1:6379", "rediss://127.0.0.1", "redis://127.0.0.1:0", "redis://127.0.0.1:port", "redis://127.0.0.1/db",
        "redis://::1:6379", "redis://[::1", "redis://[::1]6379", "redis://[::1]:0", "redis://[localhost]:6379",
    ])
    func refusesBadURLs(_ url: String) {
        #expect(throws: RedisEndpoint.Invalid.self) { try RedisEndpoint(url: url) }
    }

    @Test("describes itself without the password, for logs")
    func hidesThePassword() throws {
        #expect(try RedisEndpoint(url: "redis://:secret@10.0.0.5:7000/3").description == "redis://10.0.0.5:7000/3")
    }

    @Test("describes an IPv6 endpoint with the address in brackets, as it was written")
    func bracketsIPv6() throws {
        #expect(try RedisEndpoint(url: "redis://[::1]:6380/2").description == "redis://[::1]:6380/2")
    }

    @Test("backoff doubles from 100 ms to 5 s, with a random factor between 0.5 and 1, and resets")
    func backsOff() {
        var backoff = ReconnectBackoff()
        let ceilings = (0..<9).map { _ in backoff.nextDelay(random: 1) }
        #expect(ceilings == [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000].map { Duration.milliseconds($0) })
        #expect(backoff.attempts == 9)
        backoff.reset()
        #expect(backoff.nextDelay(random: 0) == .milliseconds(50))
        #expect(backoff.nextDelay(random: 0.5) == .milliseconds(150))
    }
}
