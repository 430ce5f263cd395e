// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOHTTP

/// The Socket.IO server's settings, with Node's defaults (socket.io `index.ts` `ServerOptions`).
///
/// ```swift
/// var configuration = ServerConfiguration()      // engine at /socket.io/, connectTimeout 45 s
/// configuration.engine.cors = EngineCORS(origins: .any)
/// configuration.connectTimeout = .seconds(10)
/// let io = Server(http: http, configuration: configuration)
/// ```
public struct ServerConfiguration: Sendable {
    /// The Engine.IO settings underneath. The path defaults to `/socket.io/`, where Socket.IO clients look.
    public var engine: EngineConfiguration

    /// How long an Engine.IO connection may stay without joining any namespace before the server closes it
    /// (Node's `connectTimeout`, default 45 s; `client.ts` `setup`). It bounds the connections that complete the
    /// Engine.IO handshake and then do nothing.
    public var connectTimeout: Duration = .seconds(45)

    /// The most binary attachments one packet may announce (socket.io-parser's `maxAttachments`, 10). A packet
    /// announcing more closes the connection: each pending attachment is memory the client makes us hold.
    public var maxAttachments: Int = SocketIOPacketDecoder.defaultMaxAttachments

    public init() {
        engine = EngineConfiguration()
        engine.path = "/socket.io/"
    }
}

extension ServerConfiguration {
    /// The `--name value` flags `apply` reads: the engine's and `--connect-timeout`.
    public static let optionNames = EngineConfiguration.optionNames.union(["connect-timeout"])

    /// Applies the flags of the step executables: the engine's (`--path`, `--ping-interval`, `--ping-timeout`,
    /// `--max-payload`, `--cors`), `--connect-timeout MS`, and `--test-suite`, which also sets the official
    /// Socket.IO v5 suite's `connectTimeout` of 1000 ms.
    public mutating func apply(_ options: CommandLineOptions) throws {
        try engine.apply(options)
        if options.switches.contains("test-suite") { connectTimeout = .milliseconds(1000) }
        if let text = options.values["connect-timeout"] {
            connectTimeout = .milliseconds(
                try CommandLineOptions.number(text, name: "--connect-timeout", in: CommandLineOptions.millisecondRange))
        }
    }
}
