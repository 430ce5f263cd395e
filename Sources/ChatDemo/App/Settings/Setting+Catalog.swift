// SPDX-License-Identifier: MIT

import Foundation
import SIOAdminUI
import SIOAuth
import SIOCommandLine
import SIOEngineIO
import SIOHTTP
import SIORedis
import SIOServer

/// Every setting of ChatDemo, in the order `--help` and docs/deploy.md list them.
///
/// Each entry reads its value with the strictest reader that fits (`integer(in:)` with the real range), so a
/// negative timeout or a port of 70000 stops the server at start, not at the first client.
extension Setting {
    static var all: [Setting] {
        [
            Setting(name: "host", valueName: "ADDRESS", defaultText: "0.0.0.0", meaning: "the address to listen on") {
                $0.host = try $1.string()
            },
            Setting(
                name: "port", valueName: "N", defaultText: "3000", meaning: "the TCP port to listen on (0: any free port)",
                alias: "PORT"
            ) {
                $0.port = try $1.integer(in: 0...65535, expected: "a whole number from 0 to 65535")
            },
            Setting(
                name: "data", valueName: "DIR", defaultText: "data",
                meaning: "database, token-signing secret and daily logs (created with mode 0700)"
            ) {
                $0.dataDirectory = try $1.string()
            },
            Setting(
                name: "public", valueName: "DIR", defaultText: "the checkout's Sources/ChatDemo/public",
                meaning: "the web page's files"
            ) {
                $0.publicDirectory = try $1.string()
            },
            Setting(
                name: "client-bundle", valueName: "PATH", defaultText: "none: public/sio-client.js",
                meaning: "a Socket.IO client file served at /socket.io/socket.io.js (must be readable)"
            ) {
                $0.clientBundle = try $1.string()
            },
            Setting(
                name: "log-level", valueName: "LEVEL", defaultText: "2 (info)",
                meaning: "the lowest level the console prints: 1 debug, 2 info, 3 warn, 4 error (or the name)"
            ) {
                $0.consoleLogLevel = try Self.level($1)
            },
            Setting(name: "log-format", valueName: "FORMAT", defaultText: "text", meaning: "console log lines: text or json") {
                $0.logFormat = try $1.choice(of: LogFormat.self)
            },
            Setting(
                name: "pbkdf2-iterations", valueName: "N", defaultText: "100000",
                meaning: "the cost of new password hashes (each hash keeps its own count)"
            ) {
                // Ten million HMAC rounds take seconds per login already: more is a typo.
                $0.passwordIterations = try $1.integer(in: 1...10_000_000, expected: "a whole number from 1 to 10000000")
            },
            Setting(
                name: "token-lifetime", valueName: "SECONDS", defaultText: "604800 (7 days)", meaning: "how long a login lasts"
            ) {
                let seconds = try $1.number(atLeast: 1, expected: "a number of seconds, at least 1")
                guard seconds <= Double(JWT.maximumLifetime) else {
                    throw SettingValue.Mismatch(expected: "at most \(JWT.maximumLifetime) seconds (ten years)")
                }
                $0.tokenLifetime = seconds
            },
            Setting(
                name: "auth-timeout", valueName: "MS", defaultText: "10000",
                meaning: "time a socket that connected without a token has to send `authentication` (0: token required)"
            ) {
                let milliseconds = try Self.nonNegativeMilliseconds($1)
                $0.authentication.timeout = milliseconds == 0 ? nil : .milliseconds(milliseconds)
            },
            Setting(name: "ping-interval", valueName: "MS", defaultText: "25000", meaning: "Engine.IO heartbeat interval") {
                $0.server.engine.pingInterval = .milliseconds(try Self.positiveMilliseconds($1))
            },
            Setting(
                name: "ping-timeout", valueName: "MS", defaultText: "20000",
                meaning: "how long the server waits for a pong before closing the session"
            ) {
                $0.server.engine.pingTimeout = .milliseconds(try Self.positiveMilliseconds($1))
            },
            Setting(
                name: "max-payload", valueName: "BYTES", defaultText: "1000000",
                meaning: "the largest Engine.IO message or polling body accepted"
            ) {
                $0.server.engine.maxPayload = try $1.integer(
                    in: EngineConfiguration.maxPayloadRange, expected: "a whole number of bytes from 1 to 1073741824 (1 GiB)")
            },
            Setting(
                name: "connect-timeout", valueName: "MS", defaultText: "45000",
                meaning: "time a new connection has to join a namespace"
            ) {
                $0.server.connectTimeout = .milliseconds(try Self.positiveMilliseconds($1))
            },
            Setting(
                name: "max-disconnection-duration", valueName: "MS", defaultText: "120000; 0 with redis",
                meaning: "connection state recovery: how long a client whose connection dropped gets its socket and "
                    + "the events it missed back; 0 turns recovery off (the Redis adapter cannot recover)"
            ) {
                let milliseconds = try Self.nonNegativeMilliseconds($1)
                $0.server.connectionStateRecovery = milliseconds == 0
                    ? nil : ConnectionStateRecovery(maxDisconnectionDuration: .milliseconds(milliseconds))
            },
            Setting(
                name: "cors", valueName: "ORIGINS", defaultText: "none (same origin only)",
                meaning: "origins allowed to use long-polling from another site: `*` or a comma-separated list"
            ) {
                let text = try $1.string()
                let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                $0.server.engine.cors = EngineCORS(origins: text == "*" ? .any : .list(origins))
            },
            Setting(
                name: "redis", valueName: "URL", defaultText: "none: rooms in memory, one process",
                meaning: "share rooms and broadcasts with other ChatDemo processes through this Redis (redis://host:port[/db]; "
                    + "an IPv6 host in brackets, redis://[::1]:6379)"
            ) {
                $0.redis = try RedisEndpoint(url: try $1.string(expected: "a redis:// URL"))
            },
            Setting(
                name: "loops", valueName: "N", defaultText: "the number of cores (at most 64); 1 with redis",
                meaning: "event loops serving the port together, one thread each: one per core uses every core"
            ) {
                $0.loops = try $1.integer(in: ChatConfiguration.loopRange, expected: "a whole number from 1 to 64")
            },
            Setting(
                name: "max-connections", valueName: "N", defaultText: "the open-file limit minus 64",
                meaning: "open TCP connections at most; more are answered 503 and closed"
            ) {
                $0.maxConnections = try $1.integer(in: 1...Int.max, expected: "a positive whole number")
            },
            Setting(
                name: "admin-ui", valueName: "USER:PASSWORD", defaultText: "off",
                meaning: "serve the Socket.IO Admin UI (https://admin.socket.io) on /admin with these credentials "
                    + "(a password of 12 characters or more); also allows that origin in CORS"
            ) {
                $0.adminUI = try Self.adminUI($1)
            },
            Setting(
                name: "admin-ui-readonly", valueName: "BOOL", defaultText: "false",
                meaning: "with admin-ui: the Admin UI may watch, not join, leave, disconnect or emit"
            ) {
                $0.adminUIReadonly = try Self.boolean($1)
            },
            Setting(
                name: "shutdown-delay", valueName: "MS", defaultText: "0",
                meaning: "on SIGTERM, time /ready answers 503 before the server stops accepting (load balancers notice)"
            ) {
                $0.shutdownDelay = .milliseconds(try Self.nonNegativeMilliseconds($1))
            },
            Setting(
                name: "shutdown-timeout", valueName: "MS", defaultText: "5000",
                meaning: "on SIGTERM, time in-flight HTTP requests get before their connections are cut"
            ) {
                $0.shutdownTimeout = .milliseconds(try Self.nonNegativeMilliseconds($1))
            },
        ] + protection
    }

    private static func positiveMilliseconds(_ value: SettingValue) throws(SettingValue.Mismatch) -> Int {
        try atMostADay(value.integer(in: 1...Int.max, expected: "a positive whole number of milliseconds"))
    }

    private static func nonNegativeMilliseconds(_ value: SettingValue) throws(SettingValue.Mismatch) -> Int {
        try atMostADay(value.integer(in: 0...Int.max, expected: "a whole number of milliseconds, 0 or more"))
    }

    /// The upper bound the step executables' timing flags have too (`CommandLineOptions.millisecondRange`).
    private static func atMostADay(_ milliseconds: Int) throws(SettingValue.Mismatch) -> Int {
        let limit = CommandLineOptions.millisecondRange.upperBound
        guard milliseconds <= limit else { throw SettingValue.Mismatch(expected: "at most \(limit) milliseconds (a day)") }
        return milliseconds
    }

    /// `true` or `false`, as text or as JSON.
    private static func boolean(_ value: SettingValue) throws(SettingValue.Mismatch) -> Bool {
        if case .json(let json) = value.raw, let bool = json.boolValue { return bool }
        switch try value.string(expected: "true or false") {
        case "true": return true
        case "false": return false
        default: throw SettingValue.Mismatch(expected: "true or false")
        }
    }

    /// `USER:PASSWORD` for the Admin UI. The password is compared as given (no bcrypt here), and an address may
    /// guess 10 times a minute (`AdminUILoginThrottle`): a short one is refused.
    private static func adminUI(_ value: SettingValue) throws -> AdminUIConfiguration {
        let expected = "USER:PASSWORD with a password of 12 characters or more"
        let authentication = try AdminUIConfiguration.basicAuthentication(
            try value.string(expected: expected), name: "admin-ui")
        guard case .basic(_, let password) = authentication, password.count >= 12 else {
            throw SettingValue.Mismatch(expected: expected)
        }
        return AdminUIConfiguration(authentication: authentication)
    }

    /// `2`, `"info"`: the number an admin's `set_log_listener` uses, or the level's name.
    private static func level(_ value: SettingValue) throws(SettingValue.Mismatch) -> LogLevel {
        let expected = "1 (debug) to 4 (error), or debug, info, warn or error"
        if let number = try? value.integer(in: 1...4, expected: expected), let level = LogLevel(rawValue: number) {
            return level
        }
        let name = try value.string(expected: expected)
        guard let level = LogLevel.allCases.first(where: { $0.name == name }) else {
            throw SettingValue.Mismatch(expected: expected)
        }
        return level
    }
}
