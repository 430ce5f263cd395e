// SPDX-License-Identifier: MIT

extension Duration {
    /// Whole milliseconds, rounded down: how the settings and the log fields express durations.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
