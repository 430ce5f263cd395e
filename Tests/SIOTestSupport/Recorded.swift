// SPDX-License-Identifier: MIT

import Synchronization

/// Values a hook records on the loop thread, read by the test thread; `added` is set at each one.
public final class Recorded<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    public let added = Flag()

    public init() {}

    public func append(_ value: Value) {
        values.withLock { $0.append(value) }
        added.set()
    }

    /// Everything recorded so far, in order.
    public var all: [Value] { values.withLock { $0 } }
}
