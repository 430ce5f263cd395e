// SPDX-License-Identifier: MIT

import Synchronization

/// Lines written by handlers on the loop thread, read by the test thread.
final class Recorder: Sendable {
    private let lines = Mutex<[String]>([])

    func record(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.withLock { $0 } }
}
