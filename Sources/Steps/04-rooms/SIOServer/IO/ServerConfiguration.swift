// SPDX-License-Identifier: MIT

import SIOCommandLine
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

    /// How packets travel (socket.io's `parser` option): `.default`, the text format every client speaks, or another
    /// `SocketIOParser` such as `.msgpack` (module SIOMsgpackParser). Clients must be configured with the same
    /// parser; one that is not breaks the protocol at its first packet, and its connection is closed.
    public var parser: any SocketIOParser = .default

    /// The most binary attachments one packet may announce (socket.io-parser's `maxAttachments`, 10). A packet
    /// announcing more closes the connection: each pending attachment is memory the client makes us hold.
    public var maxAttachments: Int = SocketIOPacketDecoder.defaultMaxAttachments

    /// Whether a dynamic child namespace (`of(pattern)`, `of(matching:)`) is removed when its last socket leaves,
    /// with its adapter closed (Node's `cleanupEmptyChildNamespaces`, default `false`). The next CONNECT to the name
    /// creates it again, from what its parent has registered by then. Leave it off only if the application keeps
    /// state in child namespaces between their clients, and then mind `maxChildNamespaces`.
    public var cleanupEmptyChildNamespaces = false

    /// The most dynamic child namespaces that exist at once, over all dynamic parents. At the bound a CONNECT to a
    /// new name gets CONNECT_ERROR `Invalid namespace`, as for a name no parent matches; existing children keep
    /// working. Node has no bound.
    ///
    /// Each child costs about 2 kB (its tables, adapter, copied handlers), so 10,000 cost about 20 MB. Without
    /// cleanup, children accumulate as long as the server runs (every name any client ever asked for); with it,
    /// only those with a connected socket count, and 10,000 of them is far beyond what namespaces are for (use
    /// rooms for per-user or per-document channels).
    public var maxChildNamespaces = 10_000

    /// The longest namespace name a client may ask for, in UTF-8 bytes, `/` included. A longer CONNECT gets
    /// CONNECT_ERROR `Invalid namespace` (the answer Node gives for any name it does not serve), and creates nothing.
    ///
    /// Names are identifiers, e.g. `/workspace-<uuid>` (47 bytes); 256 leaves room for any such scheme while a name
    /// is repeated in every packet of its namespace, in the server's tables, and in Redis channel names.
    public var maxNamespaceNameBytes = 256

    /// How long an asynchronous dynamic-namespace predicate (`io.of(matching:)` with an `async` closure) may take
    /// before its answer counts as "no": the next parent is asked, and if none accepts, the CONNECT gets
    /// CONNECT_ERROR `Invalid namespace`. Node has no bound; 5 s is far beyond a healthy look-up.
    public var namespaceCheckTimeout: Duration = .seconds(5)

    /// The most CONNECTs one connection may have waiting for an asynchronous predicate at once, each for another
    /// name; one more gets CONNECT_ERROR `Invalid namespace` at once. A CONNECT repeating a name already waiting is
    /// ignored: the first one's answer will come. Node has no bound; a browser page uses a few namespaces.
    public var maxPendingNamespaceChecks = 16

    /// Connection state recovery (Node's `connectionStateRecovery`): off (`nil`) by default, as in Node. Needs an
    /// adapter with a `SessionStore`: the in-memory one and SIOLoops' have one, the Redis adapter has none
    /// (docs/cluster.md).
    public var connectionStateRecovery: ConnectionStateRecovery?

    /// The defaults: the engine's defaults at `/socket.io/`, a 45 s connect timeout.
    public init() {
        engine = EngineConfiguration()
        engine.path = "/socket.io/"
    }
}

extension ServerConfiguration {
    /// The `--name value` flags `apply` reads: the engine's and `--connect-timeout`.
    package static let optionNames = EngineConfiguration.optionNames.union(["connect-timeout"])

    /// Connection state recovery's flags, for the executables that offer it (Step4): the switch
    /// `--connection-state-recovery` and the value `--max-disconnection-duration MS`.
    package static let recoverySwitchNames: Set<String> = ["connection-state-recovery"]
    /// See `recoverySwitchNames`.
    package static let recoveryOptionNames: Set<String> = ["max-disconnection-duration"]

    /// Applies the flags of the step executables: the engine's (`--path`, `--ping-interval`, `--ping-timeout`,
    /// `--max-payload`, `--cors`), `--connect-timeout MS`, `--test-suite`, which also sets the official
    /// Socket.IO v5 suite's `connectTimeout` of 1000 ms, and `--connection-state-recovery` with
    /// `--max-disconnection-duration MS` (which alone turns recovery on too).
    package mutating func apply(_ options: CommandLineOptions) throws {
        try engine.apply(options)
        if options.switches.contains("test-suite") { connectTimeout = .milliseconds(1000) }
        if let text = options.values["connect-timeout"] {
            connectTimeout = .milliseconds(
                try CommandLineOptions.number(text, name: "--connect-timeout", in: CommandLineOptions.millisecondRange))
        }
        let duration = try options.values["max-disconnection-duration"].map {
            Duration.milliseconds(try CommandLineOptions.number(
                $0, name: "--max-disconnection-duration", in: CommandLineOptions.millisecondRange))
        }
        if options.switches.contains("connection-state-recovery") || duration != nil {
            var recovery = connectionStateRecovery ?? ConnectionStateRecovery()
            if let duration { recovery.maxDisconnectionDuration = duration }
            connectionStateRecovery = recovery
        }
    }
}
