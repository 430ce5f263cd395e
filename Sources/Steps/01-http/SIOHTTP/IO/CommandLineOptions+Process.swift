// SPDX-License-Identifier: MIT

import Foundation

extension CommandLineOptions {
    /// The options of this process (`CommandLine.arguments` and the environment). On an invalid
    /// option it prints the problem and exits with status 2, as command-line tools do.
    public static func fromProcess(switchNames: Set<String> = [], configure: (inout Self) throws -> Void = { _ in }) -> Self {
        let program = URL(fileURLWithPath: CommandLine.arguments.first ?? "server").lastPathComponent
        do {
            var options = try CommandLineOptions(
                arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                switchNames: switchNames)
            try configure(&options)
            return options
        } catch {
            FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
            exit(2)
        }
    }
}
