// SPDX-License-Identifier: MIT

import Foundation
import Testing

/// Runs the real `ChatDemo` executable (built next to the test bundle by `swift build --build-tests`), since what
/// reaches standard output is decided by `main.swift`.
@Suite("The first admin's password on the console", .serialized)
struct SuppliedPasswordTests {
    static let secret = "supplied-Secret-4711"

    /// Starts ChatDemo on port 0 in `data`, waits (at most 30 s) for it to listen, stops it with SIGTERM, and
    /// returns what it printed on standard output and standard error.
    static func run(data: String, arguments: [String] = [], environment: [String: String]) throws -> String {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ChatDemo")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build ChatDemo first: \(executable.path)")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--host", "127.0.0.1", "--port", "0", "--loops", "1", "--data", data, "--pbkdf2-iterations", "1"]
            + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CHATDEMO_") }
            .merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let logs = data + "/logs"
        let listening = PasswordPoolTests.eventually {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: logs)) ?? []
            return names.contains { name in
                (try? String(contentsOfFile: logs + "/" + name, encoding: .utf8))?.contains("ChatDemo listening") == true
            }
        } || PasswordPoolTests.eventually { !process.isRunning }
        process.terminate()
        if !PasswordPoolTests.eventually({ !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(listening)
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test("a password from CHATDEMO_ADMIN_PASSWORD appears neither on the console nor in the daily log, in text or JSON")
    func suppliedNeverPrinted() throws {
        for format in ["text", "json"] {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let data = directory.path + "/data"
            let output = try Self.run(
                data: data, arguments: ["--log-format", format, "--log-level", "1"],
                environment: ["CHATDEMO_ADMIN_PASSWORD": Self.secret])
            #expect(output.contains("CHATDEMO_ADMIN_PASSWORD"), "\(output)")
            #expect(!output.contains(Self.secret), "\(output)")
            let logs = (try? FileManager.default.contentsOfDirectory(atPath: data + "/logs")) ?? []
            for name in logs {
                #expect(!(try String(contentsOfFile: data + "/logs/" + name, encoding: .utf8)).contains(Self.secret))
            }
        }
    }

    @Test("a generated password is printed once; a data directory others can read is warned about in one line")
    func generatedAndWarning() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let data = directory.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let output = try Self.run(data: data, environment: [:])
        #expect(output.components(separatedBy: "Log in as 'admin' with the password").count == 2, "\(output)")
        #expect(output.components(separatedBy: "can be read by other users").count == 2, "\(output)")
        let again = try Self.run(data: data, environment: [:])
        #expect(!again.contains("Log in as 'admin'"))
    }
}
