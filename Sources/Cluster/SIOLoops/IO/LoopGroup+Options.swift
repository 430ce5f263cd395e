// SPDX-License-Identifier: MIT

import SIOCommandLine

/// `--loops N`: the flag of the executables that compose this module (Step 5, ChatDemo's own settings aside).
/// `package`, like `CommandLineOptions`: the command line of this package's executables is not library API.
/// The steps before run one loop and do not know the flag, so it is read here and not by `CommandLineOptions`.
///
/// ```swift
/// var loops = 1
/// let options = CommandLineOptions.fromProcess(valueNames: LoopGroup.optionNames) {
///     loops = try LoopGroup.count(from: $0)
/// }
/// ```
extension LoopGroup {
    /// The flags this module reads: list them in `CommandLineOptions.fromProcess(valueNames:)`.
    package static let optionNames: Set<String> = ["loops"]
    /// The loop counts `--loops` accepts: one per core, and no machine this serves has more than 64.
    package static let countRange = 1...64

    /// The loop count `--loops` asks for, 1 without it; a value outside `countRange` throws the one line that
    /// `CommandLineOptions.fromProcess` prints before it exits.
    package static func count(from options: CommandLineOptions) throws -> Int {
        guard let text = options.values["loops"] else { return 1 }
        return try CommandLineOptions.number(text, name: "--loops", in: countRange)
    }
}
