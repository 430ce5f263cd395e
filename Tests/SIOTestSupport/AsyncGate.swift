// SPDX-License-Identifier: MIT

import Synchronization

/// A gate that asynchronous hooks wait at until the test opens it: it stands for a slow database in the tests of
/// `allowRequestAsync` and of asynchronous namespace predicates, without sleeping.
public final class AsyncGate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>], arrivals: Int)>((false, [], 0))
    /// Set each time a hook arrives at the gate.
    public let arrived = Flag()

    public init() {}

    /// How many hooks arrived at the gate so far.
    public var arrivals: Int { state.withLock { $0.arrivals } }

    /// Returns once the gate is open (at once if it already is).
    public func wait() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                state.arrivals += 1
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            arrived.set()
            if passes { continuation.resume() }
        }
    }

    /// Lets every waiting hook, and every later one, through.
    public func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
