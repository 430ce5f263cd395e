// SPDX-License-Identifier: MIT

import SIOHTTP

extension EngineConfiguration {
    /// Applies the engine flags shared by the step executables:
    /// `--path`, `--ping-interval MS`, `--ping-timeout MS`, `--max-payload BYTES`, `--cors ORIGIN|*`,
    /// and `--test-suite`, which configures the server as the official protocol test suites expect
    /// (ping interval 300 ms, ping timeout 200 ms, CORS for any origin).
    public mutating func apply(_ options: CommandLineOptions) throws {
        if options.switches.contains("test-suite") {
            pingInterval = .milliseconds(300)
            pingTimeout = .milliseconds(200)
            cors = EngineCORS(origins: .any)
        }
        if let path = options.values["path"] { self.path = path }
        if let value = options.values["ping-interval"] { pingInterval = .milliseconds(try Self.number(value, "ping-interval")) }
        if let value = options.values["ping-timeout"] { pingTimeout = .milliseconds(try Self.number(value, "ping-timeout")) }
        if let value = options.values["max-payload"] { maxPayload = try Self.number(value, "max-payload") }
        if let origin = options.values["cors"] {
            cors = EngineCORS(origins: origin == "*" ? .any : .list([origin]))
        }
    }

    private static func number(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value > 0 else {
            throw CommandLineOptions.Invalid(description: "--\(name) must be a positive whole number, got '\(text)'")
        }
        return value
    }
}
