// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Private files: 0600 files and 0700 directories whatever the umask", .serialized)
struct PrivateFilesTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
    }

    @Test("in a 0755 data directory, under umask 0, the database with its -wal and -shm, the secret, logs/ and its files are private")
    func modes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data + "/logs", withIntermediateDirectories: true)
        for path in [data, data + "/logs"] { chmod(path, 0o755) }
        // What an earlier version left: a database readable by everyone.
        _ = FileManager.default.createFile(atPath: data + "/chat.sqlite3", contents: nil, attributes: [.posixPermissions: 0o644])
        let previous = umask(0)
        let server: ChatTestServer
        do {
            defer { umask(previous) }
            server = try ChatTestServer { $0.dataDirectory = data }
        }
        defer { server.stop() }
        _ = try server.register("bob")
        #expect(server.app.shared.dataDirectoryIsShared)
        let day = server.app.logger.today
        for file in ["chat.sqlite3", "chat.sqlite3-wal", "chat.sqlite3-shm", "secret.key", "logs/\(day).jsonl"] {
            #expect(Self.mode(data + "/" + file) == 0o600, "\(file)")
        }
        #expect(Self.mode(data + "/logs") == 0o700)
        #expect(Self.mode(data) == 0o755)
    }

    @Test("a data directory the server creates is 0700 under umask 0")
    func createdDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/fresh/data"
        let previous = umask(0)
        defer { umask(previous) }
        let shared = try ChatShared(configuration: {
            var configuration = ChatConfiguration()
            configuration.dataDirectory = data
            configuration.passwordIterations = 1
            configuration.consoleLogLevel = .error
            return configuration
        }())
        defer { shared.stopped(after: .zero) }
        #expect(!shared.dataDirectoryIsShared)
        #expect(Self.mode(data) == 0o700)
        #expect(Self.mode(data + "/chat.sqlite3") == 0o600)
    }
}
