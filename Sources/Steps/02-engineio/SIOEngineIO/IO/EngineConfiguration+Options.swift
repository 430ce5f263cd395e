// SPDX-License-Identifier: MIT

import SIOCommandLine

extension EngineConfiguration {
    /// The `--name value` flags `apply` reads; an executable passes them to `CommandLineOptions.fromProcess`.
    package static let optionNames: Set<String> = ["path", "ping-interval", "ping-timeout", "max-payload", "cors"]

    /// The message sizes `--max-payload` accepts, in bytes: from 1 to 1 GiB. One byte is a legal (if useless)
    /// limit: control frames and Engine.IO's own small packets still pass (RFC 6455 §5.5); beyond a gigabyte,
    /// one client could make the server hold more memory than a workshop machine has.
    package static let maxPayloadRange = 1...(1 << 30)

    /// Applies the engine flags shared by the step executables:
    /// `--path`, `--ping-interval MS`, `--ping-timeout MS`, `--max-payload BYTES`, `--cors ORIGIN|*`,
    /// `--per-message-deflate` (a switch: compress WebSocket messages of 1,024 bytes and more, RFC 7692),
    /// and `--test-suite`, which configures the server as the official protocol test suites expect
    /// (ping interval 300 ms, ping timeout 200 ms, CORS for any origin).
    ///
    /// - Throws: `CommandLineOptions.Invalid` for a value out of its range
    ///   (`CommandLineOptions.millisecondRange`, `maxPayloadRange`) or a path that is not `/…/`.
    package mutating func apply(_ options: CommandLineOptions) throws {
        if options.switches.contains("test-suite") {
            pingInterval = .milliseconds(300)
            pingTimeout = .milliseconds(200)
            cors = EngineCORS(origins: .any)
        }
        if options.switches.contains("per-message-deflate") { perMessageDeflate = CompressionSettings() }
        if let path = options.values["path"] {
            guard path.hasPrefix("/") else {
                throw CommandLineOptions.Invalid(description: "invalid --path '\(path)' (expected a path such as /engine.io/)")
            }
            self.path = path
        }
        let milliseconds = CommandLineOptions.millisecondRange
        if let value = options.values["ping-interval"] {
            pingInterval = .milliseconds(try CommandLineOptions.number(value, name: "--ping-interval", in: milliseconds))
        }
        if let value = options.values["ping-timeout"] {
            pingTimeout = .milliseconds(try CommandLineOptions.number(value, name: "--ping-timeout", in: milliseconds))
        }
        if let value = options.values["max-payload"] {
            maxPayload = try CommandLineOptions.number(value, name: "--max-payload", in: Self.maxPayloadRange)
        }
        if let origin = options.values["cors"] {
            cors = EngineCORS(origins: origin == "*" ? .any : .list([origin]))
        }
    }
}
