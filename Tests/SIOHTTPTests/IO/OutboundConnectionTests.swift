// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
        let server = try TestServer { server in
            server.mount("/ping") { _, _ in .response(HTTPResponse(text: "pong")) }
        }
        defer { server.stop() }
        let collector = Collector()
        let port = server.port
        try server.onLoop {
            Connection.connect(host: "127.0.0.1", port: port, loop: server.server.loop) { result in
                guard case .success(let connection) = result else { return }
                connection.setHandler(collector)
                connection.write(Array("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            }
        }
        #expect(collector.gotResponse.wait(timeout: .seconds(10)))
        #expect(String(decoding: collector.received.withLock { $0 }, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
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
