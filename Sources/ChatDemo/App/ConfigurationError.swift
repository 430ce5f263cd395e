// SPDX-License-Identifier: MIT

/// A problem with the command line, the data directory or its files: printed, then the program exits with 2.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
