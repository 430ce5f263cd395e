// SPDX-License-Identifier: MIT

import Foundation

/// How an executable says it cannot start: one line on standard error, `Step3: <why>`, and an exit status,
/// never `Fatal error: Error raised at top level` and a backtrace.
///
/// The statuses follow the command-line convention: 2 for a setting that is wrong (the user's typo: fix the
/// command), 1 for a valid setting the system refused (the port is in use, the address is not this machine's).
///
/// ```swift
/// let options = CommandLineOptions.fromProcess(valueNames: ["static"])       // exit 2 on a bad flag
/// let loop = Startup.orExit { try EventLoop() }
/// let port = Startup.orExit { try server.start(host: options.host, port: options.port) }   // exit 1
/// ```
package enum Startup {
    /// The status for a setting that is wrong.
    package static let invalidSettingStatus: Int32 = 2
    /// The status for a start that failed with valid settings.
    package static let failureStatus: Int32 = 1

    /// The program's name without its directory (`Step3`), to start each line with.
    package static var program: String {
        URL(fileURLWithPath: CommandLine.arguments.first ?? "server").lastPathComponent
    }

    /// Prints `program: message` on standard error and exits with `status`.
    package static func exit(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("\(program): \(message)\n".utf8))
        Foundation.exit(status)
    }

    /// The result of `body`, or, if it throws, its error as one line and exit status 1.
    package static func orExit<T>(_ body: () throws -> T) -> T {
        do {
            return try body()
        } catch {
            exit("\(error)", status: failureStatus)
        }
    }
}
