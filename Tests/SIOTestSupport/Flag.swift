// SPDX-License-Identifier: MIT

import Foundation

/// A one-shot signal between the loop thread and a test: `set()` there, `wait` here.
public final class Flag: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    public init() {}

    public func set() { semaphore.signal() }

    /// True if `set()` happened within `timeout`.
    public func wait(timeout: Duration) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let nanos = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        return semaphore.wait(timeout: .now() + .nanoseconds(nanos)) == .success
    }
}
