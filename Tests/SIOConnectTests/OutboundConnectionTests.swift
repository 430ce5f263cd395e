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

/// Collects what an outgoing connection reads.
final class Collector: ConnectionHandler, @unchecked Sendable {
    let received = Mutex<[UInt8]>([])
    let gotResponse = Flag()

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        let text = received.withLock { buffer -> String in
            buffer.append(contentsOf: bytes)
            return String(decoding: buffer, as: UTF8.self)
        }
        if text.hasSuffix("pong") { gotResponse.set() }
    }

    func connectionDidClose(_ connection: Connection) {}
}

@Suite("Outgoing connections")
struct OutboundConnectionTests {
    @Test("connects to a server on the same loop and exchanges bytes")
    func connectsAndTalks() throws {
        let answer = try Self.ping(dialing: "127.0.0.1")
        #expect(answer?.hasPrefix("HTTP/1.1 200 OK") == true)
    }

    @Test("connects by name: localhost reaches a server bound to 127.0.0.1 whichever family it resolves to first")
    func connectsByName() throws {
        let answer = try Self.ping(dialing: "localhost")
        #expect(answer?.hasSuffix("pong") == true)
    }

    /// Starts a server answering `/ping` on 127.0.0.1, connects to it from its own loop by `host` and sends
    /// `GET /ping`; returns the bytes received, or `nil` when no answer came within 10 s.
    static func ping(dialing host: String) throws -> String? {
        let server = try TestServer { server in
            server.mount("/ping") { _, _ in .response(HTTPResponse(text: "pong")) }
        }
        defer { server.stop() }
        let collector = Collector()
        let port = server.port
        try server.onLoop {
            Connection.connect(host: host, port: port, loop: server.server.loop) { result in
                guard case .success(let connection) = result else { return }
                connection.setHandler(collector)
                connection.write(Array("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            }
        }
        guard collector.gotResponse.wait(timeout: .seconds(10)) else { return nil }
        return String(decoding: collector.received.withLock { $0 }, as: UTF8.self)
    }

    @Test(
        "connects to a server on the IPv6 loopback address ::1 and exchanges bytes",
        .enabled(if: IPv6Loopback.isAvailable, "this machine has no IPv6 loopback address (::1)")
    )
    func connectsOverIPv6() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let (server, port) = try thread.sync {
            let server = HTTPServer(loop: thread.loop)
            server.mount("/ping") { _, _ in .response(HTTPResponse(text: "pong")) }
            return (server, try server.start(host: "::1", port: 0))
        }
        let collector = Collector()
        let peer = Mutex<String?>(nil)
        thread.sync {
            Connection.connect(host: "::1", port: port, loop: thread.loop) { result in
                guard case .success(let connection) = result else { return }
                peer.withLock { $0 = connection.remoteAddress }
                connection.setHandler(collector)
                connection.write(Array("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            }
        }
        #expect(collector.gotResponse.wait(timeout: .seconds(10)))
        #expect(peer.withLock { $0 } == "::1")
        withExtendedLifetime(server) {}
    }

    @Test("reports a refused connection as an error")
    func refused() throws {
        let thread = try LoopThread()
        defer { thread.stop() }
        let failed = Flag()
        let port = try Self.portWithNoListener()
        thread.sync {
            Connection.connect(host: "127.0.0.1", port: port, loop: thread.loop) { result in
                if case .failure = result { failed.set() }
            }
        }
        #expect(failed.wait(timeout: .seconds(10)))
    }

    /// A port nobody listens on: bound by a socket that never listens, so the kernel refuses
    /// connections to it. The socket stays open (and the port taken) until the test process ends.
    static func portWithNoListener() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw RawClient.Failure(description: "could not reserve a port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
