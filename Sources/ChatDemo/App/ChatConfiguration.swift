// SPDX-License-Identifier: MIT

import Foundation
import SIOAdminUI
import SIOAuth
import SIOHTTP
import SIORedis
import SIOServer

/// Everything the chat server can be told, with defaults that work on a fresh machine.
///
/// ```sh
/// swift run ChatDemo                                   # port 3000 (or $PORT), data in ./data
/// swift run ChatDemo --port 8080 --data /var/lib/chat --client-bundle /srv/socket.io.min.js
/// CHATDEMO_LOG_FORMAT=json swift run ChatDemo --config /etc/chatdemo.json
/// ```
///
/// The values come from `SettingsLoader` (defaults, JSON file, environment, flags); the settings themselves,
/// with their flags, variables, keys and defaults, are the table in `Setting+Catalog.swift`, which
/// `ChatDemo --help` prints and docs/deploy.md documents. Tests set the fields directly.
struct ChatConfiguration {
    var host = "0.0.0.0"
    var port = 3000
    var dataDirectory = "data"
    var clientBundle: String?
    var publicDirectory = ChatConfiguration.sourcePublicDirectory
    var consoleLogLevel = LogLevel.info
    var logFormat = LogFormat.text
    var passwordIterations = PasswordHasher.defaultIterations
    var tokenLifetime = TokenIssuer.defaultLifetime
    var firstAdminPassword: String?
    /// Threads that hash passwords for the whole process, and how many hashes may wait (`PasswordWorkPool`).
    var passwordThreads = PasswordWorkPool.defaultThreadCount
    var passwordQueue = PasswordWorkPool.defaultQueueLimit
    /// Failed password attempts allowed per account (15 minutes) and per client address (1 minute) (`LoginGuard`).
    var loginAccountRule = LoginGuard.defaultAccountRule
    var loginAddressRule = LoginGuard.defaultAddressRule
    /// Reverse proxies whose `X-Forwarded-For` names the client (`ClientAddress`).
    var trustedProxies: Set<String> = []
    /// Days of daily log files kept, today included (`DailyLogFiles`).
    var logRetentionDays = DailyLogFiles.defaultRetentionDays
    /// Bytes a day's log file may reach; later records of that day are dropped (`DailyLogFiles`).
    var logMaxBytesPerDay = DailyLogFiles.defaultMaxBytesPerDay
    var server = ChatConfiguration.defaultServer
    var authentication = AuthenticatorConfiguration()
    /// Event loops, one thread each, that serve the port together (`ChatServer`): one per core, by default.
    var loops = ChatConfiguration.defaultLoops
    /// Open TCP connections at most; `nil`: the open-file limit minus a reserve (`HTTPServer`).
    var maxConnections: Int?
    /// On SIGTERM, how long `/ready` answers 503 while the server still serves, so that a load balancer polling
    /// it stops sending new clients before the listener closes.
    var shutdownDelay: Duration = .zero
    /// On SIGTERM, how long in-flight HTTP requests get to finish before their connections are cut.
    var shutdownTimeout: Duration = .seconds(5)
    /// The Redis that several ChatDemo processes share their Socket.IO rooms and broadcasts through
    /// (`--redis redis://127.0.0.1:6379`); `nil`: this process alone, rooms in memory. See docs/deploy.md.
    var redis: RedisEndpoint?
    /// The Socket.IO Admin UI's namespace (`--admin-ui USER:PASSWORD`); `nil`, the default: not served.
    var adminUI: AdminUIConfiguration?
    /// With `adminUI`: the UI may only watch (`--admin-ui-readonly`).
    var adminUIReadonly = false
    /// The JSON config file the settings were read from, if any (logged at start).
    var configFile: String?
    /// Where each setting that is not at its default came from, by setting name (for messages and the log).
    var sources: [String: SettingSource] = [:]

    init() {}

    /// `Sources/ChatDemo/public` of the checkout this binary was built from: what `swift run ChatDemo` serves.
    static var sourcePublicDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("public").path
    }

    /// How many loops a process may run: at least one; 64 is far above the cores a chat needs, and keeps a
    /// typo (`--loops 1000`) from starting a thousand threads.
    static let loopRange = 1...64

    /// One loop per core the process may use.
    static var defaultLoops: Int {
        min(max(ProcessInfo.processInfo.activeProcessorCount, loopRange.lowerBound), loopRange.upperBound)
    }

    /// The Socket.IO defaults, with connection state recovery on: a client whose connection drops for less than
    /// two minutes gets its socket back and the events it missed, without reloading (docs/chatdemo.md).
    static var defaultServer: ServerConfiguration {
        var server = ServerConfiguration()
        server.connectionStateRecovery = ConnectionStateRecovery()
        return server
    }

    var databasePath: String { dataDirectory + "/chat.sqlite3" }
    var secretPath: String { dataDirectory + "/secret.key" }
    var logDirectory: String { dataDirectory + "/logs" }
}
