// SPDX-License-Identifier: MIT

/// A setting the server cannot start with: `main.swift` prints it after `ChatDemo: ` and exits with status 2
/// (the convention for a usage error), before anything is opened or created.
///
/// Every message names the setting and where its value came from, because the operator who reads it may not
/// know which of the three places (file, environment, flags) holds the bad value:
///
/// ```text
/// ChatDemo: invalid ping-timeout from key "pingTimeout" of the config file /etc/chatdemo.json:
///     expected a positive whole number of milliseconds, got -5
/// ```
struct SettingsError: Error, Equatable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// A value of the wrong type or out of range.
    static func invalid(_ setting: String, from source: SettingSource, expected: String, got: String) -> SettingsError {
        SettingsError("invalid \(setting) from \(source): expected \(expected), got \(got)")
    }

    static func unknownFlag(_ flag: String) -> SettingsError {
        SettingsError("unknown flag \(flag) (ChatDemo --help lists the settings)")
    }

    static func unknownEnvironmentVariable(_ name: String) -> SettingsError {
        SettingsError("unknown setting in the environment: \(name) (ChatDemo --help lists the settings)")
    }

    static func unknownKey(_ key: String, file: String, known: [String]) -> SettingsError {
        SettingsError("unknown key \"\(key)\" in the config file \(file) (known keys: \(known.joined(separator: ", ")))")
    }
}
