// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Foundation
import SIOAdminUI
import SIOServer
import Testing

@Suite("Settings: defaults, config file, environment, flags")
struct SettingsLoaderTests {
    /// Loads with in-memory files: `files[path]` is the file's text, any other path does not exist.
    static func load(
        _ arguments: [String] = [], environment: [String: String] = [:], files: [String: String] = [:]
    ) throws(SettingsError) -> ChatConfiguration {
        let loader = SettingsLoader(
            readFile: { path in
                guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
                return Data(text.utf8)
            },
            fileExists: { files[$0] != nil })
        return try loader.load(flags: CommandLineFlags(arguments: arguments), environment: environment)
    }

    /// The message a load fails with, or nil if it succeeds.
    static func failure(
        _ arguments: [String] = [], environment: [String: String] = [:], files: [String: String] = [:]
    ) -> String? {
        do {
            _ = try load(arguments, environment: environment, files: files)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("with nothing given, every setting keeps its default")
    func defaults() throws {
        let configuration = try Self.load()
        #expect(configuration.port == 3000 && configuration.host == "0.0.0.0" && configuration.dataDirectory == "data")
        #expect(configuration.logFormat == .text && configuration.consoleLogLevel == .info)
        #expect(configuration.server.engine.pingInterval == .seconds(25) && configuration.shutdownTimeout == .seconds(5))
        #expect(configuration.sources.isEmpty && configuration.configFile == nil)
    }

    @Test("a flag beats the environment, which beats the config file, which beats the default")
    func precedence() throws {
        let file = #"{"port": 4000, "pingInterval": 1000, "logFormat": "json", "data": "/srv/file"}"#
        let environment = ["CHATDEMO_CONFIG": "/etc/chat.json", "CHATDEMO_PING_INTERVAL": "2000", "CHATDEMO_PORT": "5000"]
        let configuration = try Self.load(["--port", "6000"], environment: environment, files: ["/etc/chat.json": file])
        #expect(configuration.port == 6000)
        #expect(configuration.server.engine.pingInterval == .milliseconds(2000))
        #expect(configuration.logFormat == .json && configuration.dataDirectory == "/srv/file")
        #expect(configuration.configFile == "/etc/chat.json")
        #expect(configuration.sources["port"] == .flag("port"))
        #expect(configuration.sources["ping-interval"] == .environment("CHATDEMO_PING_INTERVAL"))
        #expect(configuration.sources["log-format"] == .file(path: "/etc/chat.json", key: "logFormat"))
    }

    @Test("PORT sets the port, CHATDEMO_PORT wins over it, and --config wins over CHATDEMO_CONFIG")
    func aliasesAndConfigChoice() throws {
        #expect(try Self.load(environment: ["PORT": "8080"]).port == 8080)
        #expect(try Self.load(environment: ["PORT": "8080", "CHATDEMO_PORT": "9090"]).port == 9090)
        let files = ["/a.json": #"{"port": 1}"#, "/b.json": #"{"port": 2}"#]
        #expect(try Self.load(["--config", "/b.json"], environment: ["CHATDEMO_CONFIG": "/a.json"], files: files).port == 2)
    }

    @Test("the flags of earlier versions still work, as --name value and --name=value")
    func existingFlags() throws {
        let configuration = try Self.load([
            "--host", "127.0.0.1", "--port=0", "--data", "/tmp/d", "--log-level", "3", "--pbkdf2-iterations", "1000",
            "--token-lifetime", "60", "--auth-timeout", "0", "--ping-interval", "300", "--ping-timeout", "200",
            "--max-payload", "1000", "--cors", "*", "--public", "/srv/public",
        ])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 0 && configuration.dataDirectory == "/tmp/d")
        #expect(configuration.consoleLogLevel == .warn && configuration.passwordIterations == 1000)
        #expect(configuration.tokenLifetime == 60 && configuration.authentication.timeout == nil)
        #expect(configuration.server.engine.pingTimeout == .milliseconds(200) && configuration.server.engine.maxPayload == 1000)
        #expect(configuration.server.engine.cors != nil && configuration.publicDirectory == "/srv/public")
    }

    @Test("a log level is a number from 1 to 4 or its name, in text and in JSON")
    func logLevels() throws {
        #expect(try Self.load(["--log-level", "debug"]).consoleLogLevel == .debug)
        #expect(try Self.load(environment: ["CHATDEMO_LOG_LEVEL": "4"]).consoleLogLevel == .error)
        let files = ["/c.json": #"{"logLevel": "warn"}"#, "/d.json": #"{"logLevel": 1}"#]
        #expect(try Self.load(["--config", "/c.json"], files: files).consoleLogLevel == .warn)
        #expect(try Self.load(["--config", "/d.json"], files: files).consoleLogLevel == .debug)
    }

    @Test(
        "an invalid value is refused with the setting's name, its source and what was expected",
        arguments: [
            (["--port", "70000"], [:], [:],
             "invalid port from the flag --port: expected a whole number from 0 to 65535, got '70000'"),
            ([], ["CHATDEMO_PORT": "http"], [:],
             "invalid port from the environment variable CHATDEMO_PORT: expected a whole number from 0 to 65535, got 'http'"),
            ([], ["PORT": "-1"], [:],
             "invalid port from the environment variable PORT: expected a whole number from 0 to 65535, got '-1'"),
            (["--config", "/c.json"], [:], ["/c.json": #"{"pingTimeout": -5}"#],
             #"invalid ping-timeout from key "pingTimeout" of the config file /c.json: "#
                + "expected a positive whole number of milliseconds, got -5"),
            (["--config", "/c.json"], [:], ["/c.json": #"{"port": "3000"}"#],
             #"invalid port from key "port" of the config file /c.json: expected a whole number from 0 to 65535, got "3000""#),
            (["--config", "/c.json"], [:], ["/c.json": #"{"logFormat": true}"#],
             #"invalid log-format from key "logFormat" of the config file /c.json: expected 'text' or 'json', got true"#),
            (["--log-format", "xml"], [:], [:],
             "invalid log-format from the flag --log-format: expected 'text' or 'json', got 'xml'"),
            (["--shutdown-timeout", "-1"], [:], [:],
             "invalid shutdown-timeout from the flag --shutdown-timeout: expected a whole number of milliseconds, 0 or more, got '-1'"),
            (["--token-lifetime", "0.5"], [:], [:],
             "invalid token-lifetime from the flag --token-lifetime: expected a number of seconds, at least 1, got '0.5'"),
            (["--log-level", "9"], [:], [:],
             "invalid log-level from the flag --log-level: expected 1 (debug) to 4 (error), or debug, info, warn or error, got '9'"),
        ] as [([String], [String: String], [String: String], String)])
    func invalidValues(arguments: [String], environment: [String: String], files: [String: String], message: String) {
        #expect(Self.failure(arguments, environment: environment, files: files) == message)
    }

    @Test("unknown flags, environment variables and JSON keys are refused rather than ignored")
    func unknownNames() {
        #expect(Self.failure(["--prot", "1"]) == "unknown flag --prot (ChatDemo --help lists the settings)")
        #expect(Self.failure(environment: ["CHATDEMO_PROT": "1"])
            == "unknown setting in the environment: CHATDEMO_PROT (ChatDemo --help lists the settings)")
        let message = Self.failure(["--config", "/c.json"], files: ["/c.json": #"{"pingtimeout": 5}"#])
        #expect(message?.hasPrefix(#"unknown key "pingtimeout" in the config file /c.json (known keys: host, port, data,"#) == true)
        #expect(Self.failure(environment: ["CHATDEMO_ADMIN_PASSWORD": "x", "HOME": "/root"]) == nil)
    }

    @Test("a config file that is missing, not JSON or not an object is refused with its path")
    func badFiles() {
        #expect(Self.failure(["--config", "/missing.json"])?.hasPrefix(
            "cannot read the config file /missing.json (from the flag --config): ") == true)
        #expect(Self.failure(environment: ["CHATDEMO_CONFIG": "/missing.json"])?.contains(
            "(from the environment variable CHATDEMO_CONFIG)") == true)
        #expect(Self.failure(["--config", "/c.json"], files: ["/c.json": #"{"port": "#])?.hasPrefix(
            "the config file /c.json is not valid JSON: ") == true)
        #expect(Self.failure(["--config", "/c.json"], files: ["/c.json": "[1]"])
            == #"the config file /c.json must hold one JSON object of settings, like {"port": 8080}"#)
    }

    @Test("the command line is --name value pairs; a flag without a value or a bare word is refused")
    func commandLineShape() {
        #expect(Self.failure(["--port"]) == "the flag --port needs a value")
        #expect(Self.failure(["--port", "--data", "x"]) == "the flag --port needs a value")
        #expect(Self.failure(["serve"]) == "unexpected argument 'serve' (settings are given as --name value)")
        #expect((try? CommandLineFlags(arguments: ["-h"]).help) == true)
    }

    @Test("a client bundle that cannot be read stops the start, naming where it was set")
    func clientBundle() throws {
        #expect(Self.failure(["--client-bundle", "/nowhere.js"])
            == "cannot read client-bundle /nowhere.js (from the flag --client-bundle)")
        #expect(try Self.load(["--client-bundle", "/b.js"], files: ["/b.js": ""]).clientBundle == "/b.js")
    }

    @Test("with redis a process runs one loop, and an explicit number of loops above 1 is refused")
    func oneLoopWithRedis() throws {
        let redis = ["--redis", "redis://127.0.0.1:6379"]
        #expect(try Self.load(redis).loops == 1)
        #expect(try Self.load(redis + ["--loops", "1"]).loops == 1)
        #expect(try Self.load(["--loops", "3"]).loops == 3)
        let refusal = Self.failure(redis + ["--loops", "2"])
        #expect(refusal?.hasPrefix("loops 2 (from the flag --loops) cannot be combined with redis") == true)
        #expect(Self.failure(redis, environment: ["CHATDEMO_LOOPS": "2"])?.contains("CHATDEMO_LOOPS") == true)
    }

    @Test("the Admin UI is off by default, needs USER:PASSWORD with a long password, and lets its origin through CORS")
    func adminUI() throws {
        #expect(try Self.load().adminUI == nil)
        let configuration = try Self.load(["--admin-ui", "ops:correct horse battery", "--admin-ui-readonly", "true"])
        guard case .basic(let user, let password)? = configuration.adminUI?.authentication else {
            Issue.record("no basic authentication")
            return
        }
        #expect(user == "ops" && password == "correct horse battery" && configuration.adminUI?.readonly == true)
        let cors = try #require(configuration.server.engine.cors)
        #expect(cors.credentials && cors.responseHeaders(origin: "https://admin.socket.io").contains {
            $0.name == "Access-Control-Allow-Origin" && $0.value == "https://admin.socket.io"
        })
        #expect(try Self.load(environment: ["CHATDEMO_ADMIN_UI": "ops:correct horse battery"]).adminUI?.readonly == false)
        #expect(Self.failure(["--admin-ui", "ops:short"])?.contains("a password of 12 characters or more") == true)
        #expect(Self.failure(["--admin-ui", "no-colon-here-at-all"]) != nil)
        #expect(Self.failure(["--admin-ui-readonly", "true"]) == "admin-ui-readonly needs admin-ui USER:PASSWORD")
    }

    @Test("connection state recovery is on for 2 minutes, set by max-disconnection-duration, off at 0 and with redis")
    func recoveryWindow() throws {
        #expect(try Self.load([]).server.connectionStateRecovery?.maxDisconnectionDuration == .seconds(120))
        let shorter = try Self.load(["--max-disconnection-duration", "30000"]).server.connectionStateRecovery
        #expect(shorter?.maxDisconnectionDuration == .seconds(30))
        #expect(try Self.load(["--max-disconnection-duration", "0"]).server.connectionStateRecovery == nil)
        let redis = ["--redis", "redis://127.0.0.1:6379"]
        #expect(try Self.load(redis).server.connectionStateRecovery == nil)
        #expect(try Self.load(redis + ["--max-disconnection-duration", "0"]).server.connectionStateRecovery == nil)
        let refusal = Self.failure(redis + ["--max-disconnection-duration", "5000"])
        #expect(refusal?.contains("cannot be combined with redis") == true)
    }

    @Test("each setting's flag, environment variable and JSON key come from its one name")
    func spellings() throws {
        let setting = try #require(Setting.all.first { $0.name == "pbkdf2-iterations" })
        #expect(setting.flag == "--pbkdf2-iterations")
        #expect(setting.environmentName == "CHATDEMO_PBKDF2_ITERATIONS")
        #expect(setting.jsonKey == "pbkdf2Iterations")
        #expect(Set(Setting.all.map(\.name)).count == Setting.all.count)
    }

    @Test("--help and docs/deploy.md list every setting with its three spellings")
    func documented() throws {
        let help = Setting.helpText()
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/deploy.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        for setting in Setting.all {
            #expect(help.contains("\(setting.flag) \(setting.valueName)"))
            let row = "| `\(setting.flag) \(setting.valueName)` | `\(setting.environmentName)`"
            #expect(text.contains(row), "docs/deploy.md has no row starting with \(row)")
            #expect(text.contains("`\"\(setting.jsonKey)\"`"), "docs/deploy.md does not name the key \(setting.jsonKey)")
        }
    }
}
