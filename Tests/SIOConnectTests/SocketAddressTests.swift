// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOConnect
import SIOHTTP
import SIOTestSupport
import Synchronization
import Testing

@Suite("Addresses to connect to")
struct SocketAddressTests {
    @Test("reads IPv4 and IPv6 literals, and writes IPv6 with brackets before the port", arguments: [
        ("127.0.0.1", AF_INET, "127.0.0.1:6379"),
        ("10.0.0.5", AF_INET, "10.0.0.5:6379"),
        ("::1", AF_INET6, "[::1]:6379"),
        ("2001:db8::7", AF_INET6, "[2001:db8::7]:6379"),
        ("::ffff:127.0.0.1", AF_INET6, "[::ffff:127.0.0.1]:6379"),
    ])
    func readsLiterals(_ vector: (ip: String, family: Int32, description: String)) throws {
        let address = try #require(SocketAddress(ip: vector.ip, port: 6379))
        #expect(address.family == vector.family)
        #expect(address.description == vector.description)
    }

    @Test("is not built from names, bracketed addresses or ports out of range", arguments: [
        ("localhost", 6379), ("redis.internal", 6379), ("[::1]", 6379), ("127.0.0.1:6379", 6379), ("", 6379),
        ("127.0.0.1", 65536), ("::1", -1),
    ])
    func refusesNonLiterals(_ vector: (ip: String, port: Int)) {
        #expect(SocketAddress(ip: vector.ip, port: vector.port) == nil)
    }

    @Test("resolves localhost off the loop to a loopback address, and a literal without a lookup")
    func resolvesOnTheLoop() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let answers = Mutex<[[SocketAddress]]>([])
        let done = Flag()
        thread.sync {
            HostResolver.resolve("::1", port: 80, on: thread.loop) { result in
                answers.withLock { $0.append((try? result.get()) ?? []) }
            }
            HostResolver.resolve("localhost", port: 80, on: thread.loop) { result in
                answers.withLock { $0.append((try? result.get()) ?? []) }
                done.set()
            }
        }
        #expect(done.wait(timeout: .seconds(10)))
        let (literal, localhost) = try #require(answers.withLock { $0.count == 2 ? ($0[0], $0[1]) : nil })
        #expect(literal == [SocketAddress(ip: "::1", port: 80)])
        #expect(localhost.contains { $0.ip == "127.0.0.1" || $0.ip == "::1" })
    }
}
