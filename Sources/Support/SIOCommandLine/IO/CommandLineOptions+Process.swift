// SPDX-License-Identifier: MIT

import Foundation

extension CommandLineOptions {
    /// The options of this process (`CommandLine.arguments` and the environment). `valueNames` lists the
    /// `--name value` flags the program reads besides `--host` and `--port`; `configure` applies
    /// them to the program's settings and may refuse one. On an unknown flag or an invalid value it prints
    /// one line and exits with status 2, as command-line tools do (`Startup`).
    package static func fromProcess(
        switchNames: Set<String> = [], valueNames: Set<String> = [], configure: (inout Self) throws -> Void = { _ in }
    ) -> Self {
        do {
            var options = try CommandLineOptions(
                arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                switchNames: switchNames, valueNames: valueNames)
            try configure(&options)
            return options
        } catch {
            Startup.exit("\(error)", status: Startup.invalidSettingStatus)
        }
    }
}

extension CommandLineOptions {
    /// Refuses `--name DIR` when DIR is given but is not a directory: a typo in `--static` would otherwise
    /// only show as 404s.
    package func requireDirectory(_ name: String) throws {
        guard let path = values[name] else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Invalid(description: "invalid --\(name) '\(path)' (expected a directory)")
        }
    }
}
