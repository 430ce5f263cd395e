// SPDX-License-Identifier: MIT

import Foundation
import SIOTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `redis-server` for live tests: started on a free port, in a temporary directory, with no persistence.
///
/// Tests that need it are enabled only when `redis-server` is on the `PATH` (`RedisServerProcess.isAvailable`),
/// so they skip on a laptop without Redis; CI installs Debian's `redis-server`. `kill()` ends the process with
/// SIGKILL, as a crash would, and `restart()` starts a fresh one on the same port.
///
/// The server stops when the object goes away, and in any case when the test process exits: Swift Testing
/// may end the process before the last suite instance is released, so every server started is also killed
/// by an `atexit` handler.
final class RedisServerProcess: @unchecked Sendable {
    /// The servers running now, for the `atexit` handler.
    private static let running = Mutex<Set<Int32>>([])
    private static let killAtExit: Void = {
        atexit {
            for pid in RedisServerProcess.running.withLock({ $0 }) { sendKill(pid) }
        }
    }()

    let port: Int
    private let directory: URL
    /// More `redis-server` options, e.g. `["--requirepass", "secret"]`.
    private let extraArguments: [String]
    private var process: Process?

    /// The `redis-server` executable on the `PATH`, if any.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for candidate in ["/usr/bin/redis-server", "/usr/sbin/redis-server", "/opt/homebrew/bin/redis-server"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    init(arguments: [String] = []) throws {
        extraArguments = arguments
        port = try Self.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sio-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    /// Ends the server at once (SIGKILL) and waits for it to be gone.
    func kill() {
        guard let process, process.isRunning else { return }
        Self.sendKill(process.processIdentifier)
        process.waitUntilExit()
        Self.running.withLock { _ = $0.remove(process.processIdentifier) }
        self.process = nil
    }

    private static func sendKill(_ pid: Int32) {
        #if canImport(Glibc)
        _ = Glibc.kill(pid, SIGKILL)
        #else
        _ = Darwin.kill(pid, SIGKILL)
        #endif
    }

    /// Starts a new server on the same port.
    func restart() throws {
        kill()
        try start()
    }

    private func start() throws {
        guard let executable = Self.executable else { throw RawClient.Failure(description: "redis-server is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--logfile", directory.appendingPathComponent("redis.log").path,
        ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        Self.killAtExit
        try process.run()
        Self.running.withLock { _ = $0.insert(process.processIdentifier) }
        self.process = process
        try waitUntilListening()
    }

    /// Polls the port until Redis answers `PING` (at most 10 s): the one wait a live test cannot avoid.
    /// (With `--requirepass`, the answer is a NOAUTH error: Redis is up all the same.)
    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let client = try? RawClient(port: port, timeout: .seconds(1)) {
                try? client.send("PING\r\n")
                if let reply = try? client.read(until: Array("\r\n".utf8)), [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(reply.first) {
                    return
                }
            }
            usleep(20_000)
        }
        throw RawClient.Failure(description: "redis-server did not start on port \(port)")
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw RawClient.Failure(description: "cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
