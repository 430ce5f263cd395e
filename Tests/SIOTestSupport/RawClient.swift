// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP client for tests: send exact bytes, read exact bytes, with a timeout on every read
/// so a broken server fails a test instead of hanging it.
public final class RawClient {
    public let fd: Int32
    /// Bytes read but not yet consumed by a `read...` call.
    public private(set) var buffer: [UInt8] = []

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init(port: Int, host: String = "127.0.0.1", timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            // No `close` here: the initializer has set every stored property, so `deinit` runs when
            // it throws and closes the socket. Closing twice would close whatever descriptor the
            // number was given to in between: another test's database file, say.
            throw Failure(description: "connect to \(host):\(port) failed (errno \(errno))")
        }
        setTimeout(timeout)
    }

    deinit { Glibc.close(fd) }

    public func setTimeout(_ timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send failed (errno \(errno))") }
            offset += written
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads more bytes into `buffer`. Returns false on end of stream; throws on timeout.
    @discardableResult
    public func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 { return false }
        throw Failure(description: "read timed out or failed (errno \(errno)); buffered: \(String(decoding: buffer, as: UTF8.self))")
    }

    /// Consumes and returns exactly `count` bytes.
    public func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw Failure(description: "connection closed after \(buffer.count) of \(count) bytes") }
        }
        let result = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return result
    }

    /// Consumes bytes up to and including `delimiter`.
    public func read(until delimiter: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = buffer.firstRange(of: delimiter) {
                let result = Array(buffer[..<range.upperBound])
                buffer.removeFirst(range.upperBound)
                return result
            }
            guard try fill() else { throw Failure(description: "connection closed before delimiter") }
        }
    }

    /// Reads one HTTP/1.1 response with a `Content-Length` body (or none).
    public func readResponse(headRequest: Bool = false) throws -> TestResponse {
        let head = String(decoding: try read(until: Array("\r\n\r\n".utf8)), as: UTF8.self)
        var response = TestResponse(head: head)
        if !headRequest, let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try read(count: length)
        }
        return response
    }

    /// True when the server closed the connection (reads end of stream) within the timeout.
    public func isClosedByPeer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }
}

/// A parsed test response: status line, headers and body.
public struct TestResponse {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8] = []

    init(head: String) {
        let lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
