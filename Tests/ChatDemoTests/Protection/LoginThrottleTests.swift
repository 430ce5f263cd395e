// SPDX-License-Identifier: MIT

@testable import ChatDemo
import SIOJSON
import Testing

@Suite("Login throttling: 429 with Retry-After per account and per client address")
struct LoginThrottleTests {
    static func wrongLogin(_ server: ChatTestServer, _ name: String, from address: String? = nil) throws -> ChatTestServer.Reply {
        try server.request(
            "POST", "/api/login", body: ["name": .string(name), "password": "not the password"],
            headers: address.map { [("X-Forwarded-For", "10.9.9.9, \($0)")] } ?? [])
    }

    static func rightLogin(_ server: ChatTestServer, _ name: String, from address: String? = nil) throws -> ChatTestServer.Reply {
        try server.request(
            "POST", "/api/login", body: ["name": .string(name), "password": .string(ChatTestServer.password(for: name))],
            headers: address.map { [("X-Forwarded-For", $0)] } ?? [])
    }

    @Test("after 3 wrong passwords an account gets 429 with Retry-After, even with the right one; another account still logs in")
    func perAccount() throws {
        let server = try ChatTestServer { $0.loginAccountRule = .init(limit: 3, windowMilliseconds: 60_000) }
        defer { server.stop() }
        _ = try server.register("bob")
        _ = try server.register("carol")
        for _ in 0..<3 { #expect(try Self.wrongLogin(server, "bob").status == 401) }
        for reply in [try Self.wrongLogin(server, "BOB"), try Self.rightLogin(server, "bob")] {
            #expect(reply.status == 429)
            #expect(reply.error?.hasPrefix("too many failed attempts") == true)
            let seconds = Int(reply.response.header("Retry-After") ?? "")
            #expect(seconds.map { (1...60).contains($0) } == true)
        }
        #expect(try Self.rightLogin(server, "carol").status == 200)
        let metrics = try OperationsEndpointTests.scrape(server)
        #expect(metrics[#"chatdemo_login_throttled_total{scope="account"}"#] == 2)
    }

    @Test("a success clears the account's failures: it gets its full allowance again")
    func successResets() throws {
        let server = try ChatTestServer { $0.loginAccountRule = .init(limit: 3, windowMilliseconds: 60_000) }
        defer { server.stop() }
        _ = try server.register("bob")
        for _ in 0..<2 { #expect(try Self.wrongLogin(server, "bob").status == 401) }
        #expect(try Self.rightLogin(server, "bob").status == 200)
        for _ in 0..<3 { #expect(try Self.wrongLogin(server, "bob").status == 401) }
        #expect(try Self.wrongLogin(server, "bob").status == 429)
    }

    @Test("behind a trusted proxy, one client address that failed too often across accounts gets 429; another address logs in")
    func perAddress() throws {
        let server = try ChatTestServer {
            $0.loginAddressRule = .init(limit: 3, windowMilliseconds: 60_000)
            $0.trustedProxies = ["127.0.0.1"]
        }
        defer { server.stop() }
        _ = try server.register("bob")
        for name in ["alice", "bob", "nobody"] {
            #expect(try Self.wrongLogin(server, name, from: "203.0.113.7").status == 401)
        }
        let refused = try Self.rightLogin(server, "bob", from: "203.0.113.7")
        #expect(refused.status == 429)
        #expect(refused.response.header("Retry-After") != nil)
        #expect(try Self.rightLogin(server, "bob", from: "198.51.100.2").status == 200)
        let metrics = try OperationsEndpointTests.scrape(server)
        #expect(metrics[#"chatdemo_login_throttled_total{scope="address"}"#] == 1)
    }

    @Test("without a trusted proxy, X-Forwarded-For does not change the address a client is counted under")
    func untrustedHeader() throws {
        let server = try ChatTestServer { $0.loginAddressRule = .init(limit: 2, windowMilliseconds: 60_000) }
        defer { server.stop() }
        #expect(try Self.wrongLogin(server, "alice", from: "203.0.113.1").status == 401)
        #expect(try Self.wrongLogin(server, "bob", from: "203.0.113.2").status == 401)
        #expect(try Self.wrongLogin(server, "carol", from: "203.0.113.3").status == 429)
    }

    @Test("a wrong current password counts against the account: the password change is throttled too")
    func passwordChange() throws {
        let server = try ChatTestServer { $0.loginAccountRule = .init(limit: 2, windowMilliseconds: 60_000) }
        defer { server.stop() }
        let bob = try server.register("bob")
        let wrong: JSON = ["currentPassword": "not the password", "password": "a new password"]
        for _ in 0..<2 { #expect(try server.request("PATCH", "/api/me", body: wrong, token: bob.token).status == 403) }
        let refused = try server.request("PATCH", "/api/me", body: wrong, token: bob.token)
        #expect(refused.status == 429)
        #expect(refused.response.header("Retry-After") != nil)
    }
}
