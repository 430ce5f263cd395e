// SPDX-License-Identifier: MIT

/// Where a setting's value came from, so that an error can point at the exact place to fix.
///
/// Sources, from lowest to highest precedence: the built-in default, the JSON config file, the environment,
/// the command line. A later source overrides an earlier one, setting by setting.
enum SettingSource: Equatable, Sendable, CustomStringConvertible {
    case defaultValue
    /// `key` of the JSON object in the config file at `path`.
    case file(path: String, key: String)
    /// An environment variable (`CHATDEMO_PORT`, or `PORT`).
    case environment(String)
    /// A command-line flag, without its dashes.
    case flag(String)

    var description: String {
        switch self {
        case .defaultValue: "the default"
        case .file(let path, let key): "key \"\(key)\" of the config file \(path)"
        case .environment(let name): "the environment variable \(name)"
        case .flag(let name): "the flag --\(name)"
        }
    }
}
