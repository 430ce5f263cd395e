// SPDX-License-Identifier: MIT

import Foundation
import SIOAdminUI
import SIOJSON

/// Builds the `ChatConfiguration` from four layers, each overriding the one before it, setting by setting:
///
/// 1. the built-in defaults (`ChatConfiguration()`);
/// 2. the JSON config file named by `--config FILE` or `CHATDEMO_CONFIG`, if any: one object whose keys are
///    the settings' JSON keys, `{"port": 8080, "logFormat": "json"}`;
/// 3. the environment: `PORT`, then every `CHATDEMO_*` variable;
/// 4. the command-line flags, `--name value` or `--name=value`.
///
/// This is the usual order for a server (twelve-factor apps read the environment; a flag typed by hand wins
/// over everything), and it lets a systemd unit keep the stable settings in a file and the secrets in an
/// environment file. Anything unknown is refused rather than ignored: a misspelled key, variable or flag would
/// otherwise leave a default in place without a word.
///
/// Pure apart from `readFile`: the tests pass arguments, an environment and files as values.
struct SettingsLoader {
    /// Variables that start with `CHATDEMO_` but are not settings of the table.
    static let otherVariables: Set<String> = ["CHATDEMO_CONFIG", "CHATDEMO_ADMIN_PASSWORD"]

    let settings: [Setting]
    /// Reads a config file; throws with a reason when it cannot.
    let readFile: (String) throws -> Data
    /// Whether a file can be read (the client bundle is checked at start, not at the first request).
    let fileExists: (String) -> Bool

    init(
        settings: [Setting] = Setting.all,
        readFile: @escaping (String) throws -> Data = { try Data(contentsOf: URL(fileURLWithPath: $0)) },
        fileExists: @escaping (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) {
        self.settings = settings
        self.readFile = readFile
        self.fileExists = fileExists
    }

    /// The configuration that the flags and the environment describe, on top of the defaults and of the config
    /// file they name.
    func load(flags: CommandLineFlags, environment: [String: String]) throws(SettingsError) -> ChatConfiguration {
        var configuration = ChatConfiguration()
        if let (path, source) = configFile(flags: flags, environment: environment) {
            try applyFile(path, source: source, to: &configuration)
            configuration.configFile = path
        }
        try applyEnvironment(environment, to: &configuration)
        for (name, value) in flags.values where name != "config" {
            guard let setting = settings.first(where: { $0.name == name }) else { throw .unknownFlag("--" + name) }
            try setting.apply(SettingValue(raw: .text(value), source: .flag(name)), to: &configuration)
            configuration.sources[setting.name] = .flag(name)
        }
        configuration.firstAdminPassword = environment["CHATDEMO_ADMIN_PASSWORD"]
        if let bundle = configuration.clientBundle, !fileExists(bundle) {
            let source = configuration.sources["client-bundle"] ?? .defaultValue
            throw SettingsError("cannot read client-bundle \(bundle) (from \(source))")
        }
        try Self.oneLoopWithRedis(&configuration)
        try Self.adminUIOptions(&configuration)
        try Self.noRecoveryWithRedis(&configuration)
        return configuration
    }

    /// `admin-ui-readonly` goes with `admin-ui`, and the hosted Admin UI (https://admin.socket.io) gets through
    /// CORS, with credentials, whatever `cors` allows besides.
    private static func adminUIOptions(_ configuration: inout ChatConfiguration) throws(SettingsError) {
        guard configuration.adminUI != nil else {
            if configuration.adminUIReadonly { throw SettingsError("admin-ui-readonly needs admin-ui USER:PASSWORD") }
            return
        }
        configuration.adminUI?.readonly = configuration.adminUIReadonly
        configuration.server.engine.allowAdminUI()
    }

    /// With `redis`, connection state recovery is off: the Redis adapter keeps no sessions (docs/cluster.md). The
    /// default quietly becomes 0 (ChatApp logs it); an explicit duration above 0 is refused.
    private static func noRecoveryWithRedis(_ configuration: inout ChatConfiguration) throws(SettingsError) {
        guard configuration.redis != nil, configuration.server.connectionStateRecovery != nil else { return }
        if let source = configuration.sources["max-disconnection-duration"] {
            throw SettingsError(
                "max-disconnection-duration (from \(source)) cannot be combined with redis: the Redis adapter cannot "
                    + "recover sessions; set it to 0 or run without redis (docs/cluster.md)")
        }
        configuration.server.connectionStateRecovery = nil
    }

    /// With `redis`, a process runs one loop: its loops would otherwise be Redis nodes that reach each other only
    /// through Redis, and while Redis is down a broadcast on one loop would miss the sockets of the others, in
    /// the same process. Several cores with Redis: one process per core behind the proxy (docs/deploy.md).
    /// The default (one loop per core) quietly becomes 1; an explicit `loops` above 1 is refused.
    private static func oneLoopWithRedis(_ configuration: inout ChatConfiguration) throws(SettingsError) {
        guard configuration.redis != nil, configuration.loops > 1 else { return }
        if let source = configuration.sources["loops"] {
            throw SettingsError(
                "loops \(configuration.loops) (from \(source)) cannot be combined with redis: the loops would reach "
                    + "each other only through Redis and lose each other while it is down; run one process per core "
                    + "behind the proxy instead (docs/deploy.md)")
        }
        configuration.loops = 1
    }

    /// `--config` wins over `CHATDEMO_CONFIG`.
    private func configFile(flags: CommandLineFlags, environment: [String: String]) -> (String, SettingSource)? {
        if let path = flags.values.last(where: { $0.name == "config" })?.value { return (path, .flag("config")) }
        if let path = environment["CHATDEMO_CONFIG"] { return (path, .environment("CHATDEMO_CONFIG")) }
        return nil
    }

    private func applyFile(
        _ path: String, source: SettingSource, to configuration: inout ChatConfiguration
    ) throws(SettingsError) {
        let data: Data
        do {
            data = try readFile(path)
        } catch {
            throw SettingsError("cannot read the config file \(path) (from \(source)): \(Self.reason(error))")
        }
        let json: JSON
        do {
            json = try JSON.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw SettingsError("the config file \(path) is not valid JSON: \(error)")
        }
        guard case .object(let object) = json else {
            throw SettingsError("the config file \(path) must hold one JSON object of settings, like {\"port\": 8080}")
        }
        for (key, value) in object {
            guard let setting = settings.first(where: { $0.jsonKey == key }) else {
                throw .unknownKey(key, file: path, known: settings.map(\.jsonKey))
            }
            let source = SettingSource.file(path: path, key: key)
            try setting.apply(SettingValue(raw: .json(value), source: source), to: &configuration)
            configuration.sources[setting.name] = source
        }
    }

    /// Aliases (`PORT`) first, so that the specific `CHATDEMO_PORT` wins when both are set.
    private func applyEnvironment(
        _ environment: [String: String], to configuration: inout ChatConfiguration
    ) throws(SettingsError) {
        for name in environment.keys.sorted() where name.hasPrefix("CHATDEMO_") && !Self.otherVariables.contains(name) {
            guard settings.contains(where: { $0.environmentName == name }) else { throw .unknownEnvironmentVariable(name) }
        }
        for setting in settings {
            for name in [setting.alias, setting.environmentName].compactMap({ $0 }) {
                guard let text = environment[name] else { continue }
                try setting.apply(SettingValue(raw: .text(text), source: .environment(name)), to: &configuration)
                configuration.sources[setting.name] = .environment(name)
            }
        }
    }

    /// `The file “x” couldn’t be opened because there is no such file.` reads worse than `No such file or
    /// directory`: prefer the POSIX reason when Foundation has one.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
