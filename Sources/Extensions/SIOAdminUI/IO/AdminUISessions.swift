// SPDX-License-Identifier: MIT

import Foundation
import Synchronization

/// The session ids of UIs that logged in (`@socket.io/admin-ui` `InMemoryStore`): the UI keeps the id it received
/// in a `session` event and reconnects with `{"sessionId": id}` instead of the password, after a page reload.
///
/// Node's store grows for ever; this one is bounded: at most `capacity` ids (default 100: one per browser an
/// operator logged in from), each valid for `lifetime` (default 24 hours, as Node's Redis store). At the bound the
/// oldest id is forgotten, and its UI shows the login form again. Shared by the loops of a process (a `Mutex`).
public final class AdminUISessions: Sendable {
    /// The most ids kept.
    public let capacity: Int
    /// How long an id stays valid after the login that created it.
    public let lifetime: Duration
    private let now: @Sendable () -> Double
    /// Ids in creation order, each with its expiry (seconds since 1970).
    private let entries = Mutex<[(id: String, expires: Double)]>([])

    /// An empty store; `now` (seconds since 1970) is injectable for tests.
    public init(
        capacity: Int = 100, lifetime: Duration = .seconds(86_400),
        now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }
    ) {
        precondition(capacity > 0, "an admin session store needs room for one session")
        self.capacity = capacity
        self.lifetime = lifetime
        self.now = now
    }

    /// A new random id (128 bits, hexadecimal), valid from now on.
    public func create() -> String {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let time = now(), expires = time + Double(lifetime.components.seconds)
        entries.withLock { entries in
            entries.removeAll { $0.expires <= time }
            if entries.count >= capacity { entries.removeFirst(entries.count - capacity + 1) }
            entries.append((id, expires))
        }
        return id
    }

    /// True when `id` was created here and has not expired or been pushed out.
    public func contains(_ id: String) -> Bool {
        let time = now()
        return entries.withLock { entries in entries.contains { $0.id == id && $0.expires > time } }
    }
}
