// SPDX-License-Identifier: MIT

/// The command line, split into `--name value` pairs in the order given, plus `--help`.
///
/// Every ChatDemo flag takes a value (`--port 8080` or `--port=8080`), so the parser needs no list of
/// switches; whether a name is a known setting is `SettingsLoader`'s question, which answers it with the
/// settings table. A flag given twice keeps its last value, since later pairs are applied later.
struct CommandLineFlags {
    /// The pairs, in order; names without the dashes.
    private(set) var values: [(name: String, value: String)] = []
    /// `--help` or `-h` was given: print the settings and exit.
    private(set) var help = false

    /// Parses `arguments` (without the program name).
    init(arguments: [String]) throws(SettingsError) {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument == "--help" || argument == "-h" {
                help = true
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw SettingsError("unexpected argument '\(argument)' (settings are given as --name value)")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else if let next = remaining.first, !next.hasPrefix("--") {
                value = remaining.popFirst()
            }
            guard let value else { throw SettingsError("the flag --\(name) needs a value") }
            values.append((name, value))
        }
    }
}
