// SPDX-License-Identifier: MIT

/// One thing the operator can set, with its three spellings derived from one name:
///
/// | name           | flag              | environment             | JSON key        |
/// |----------------|-------------------|-------------------------|-----------------|
/// | `ping-timeout` | `--ping-timeout`  | `CHATDEMO_PING_TIMEOUT` | `"pingTimeout"` |
///
/// Deriving the spellings instead of writing them out keeps them from drifting apart: there is no way to add
/// a flag and forget its environment variable. The catalog of settings is `Setting.all`; the docs' table
/// (docs/deploy.md) and `ChatDemo --help` list the same entries.
struct Setting {
    /// The flag without its dashes: `ping-timeout`.
    let name: String
    /// What the value is, for `--help`: `MS`, `PATH`, `N`.
    let valueName: String
    /// The default, as the docs print it.
    let defaultText: String
    /// One line: what it changes.
    let meaning: String
    /// An extra environment variable read before the `CHATDEMO_` one (`PORT`, which platforms set).
    var alias: String?
    /// Reads `value` into the configuration; throws `SettingValue.Mismatch` when it does not fit.
    let apply: (inout ChatConfiguration, SettingValue) throws -> Void

    var flag: String { "--" + name }

    /// `CHATDEMO_` and the name in upper case with underscores.
    var environmentName: String {
        "CHATDEMO_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The name in lower camel case: `pingTimeout`, `pbkdf2Iterations`.
    var jsonKey: String {
        let words = name.split(separator: "-")
        let capitalized = words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return ([String(words.first ?? "")] + capitalized).joined()
    }

    /// Applies `value`, turning a mismatch into the error the operator sees.
    func apply(_ value: SettingValue, to configuration: inout ChatConfiguration) throws(SettingsError) {
        do {
            try apply(&configuration, value)
        } catch let mismatch as SettingValue.Mismatch {
            throw .invalid(name, from: value.source, expected: mismatch.expected, got: value.shown)
        } catch {
            throw SettingsError("invalid \(name) from \(value.source): \(error)")
        }
    }
}
