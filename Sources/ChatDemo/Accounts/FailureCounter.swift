// SPDX-License-Identifier: MIT

/// Counts attempts per key (an account name, a client address) in a fixed window that opens with the key's
/// first attempt; at `limit` the key is refused until the window ends. Pure: the caller passes the time.
///
/// Bounded: at most `capacity` keys. An entry whose window has ended is forgotten when it is next touched, and
/// when the table is full every ended entry is dropped first, then the one whose window opened first. An
/// attacker spraying new keys can therefore push an old key out early (it starts again from zero), but never
/// grow the table; the other counter (address against account) still holds them.
struct FailureCounter {
    /// `limit` attempts per `windowMilliseconds`.
    struct Rule: Sendable, Equatable {
        let limit: Int
        let windowMilliseconds: Int
    }

    private struct Entry {
        let opened: Int
        var attempts: Int
    }

    let rule: Rule
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(rule: Rule, capacity: Int) {
        precondition(rule.limit >= 1 && rule.windowMilliseconds >= 1 && capacity >= 1)
        self.rule = rule
        self.capacity = capacity
    }

    /// Keys held now (ended windows included until they are swept).
    var count: Int { entries.count }

    /// Seconds until `key` may try again (at least 1), or nil when it may try now.
    mutating func retryAfter(_ key: String, now: Int) -> Int? {
        guard let entry = live(key, now: now), entry.attempts >= rule.limit else { return nil }
        let remaining = entry.opened + rule.windowMilliseconds - now
        return max(1, (remaining + 999) / 1000)
    }

    /// Counts one attempt of `key`.
    mutating func record(_ key: String, now: Int) {
        if var entry = live(key, now: now) {
            entry.attempts += 1
            entries[key] = entry
            return
        }
        if entries.count >= capacity { makeRoom(now: now) }
        entries[key] = Entry(opened: now, attempts: 1)
    }

    /// Takes back one attempt of `key` (it turned out to be a success).
    mutating func forgive(_ key: String) {
        guard var entry = entries[key] else { return }
        entry.attempts -= 1
        entries[key] = entry.attempts > 0 ? entry : nil
    }

    /// Forgets `key` (a successful login clears its account's count).
    mutating func reset(_ key: String) {
        entries[key] = nil
    }

    /// The entry of `key` if its window is still open; an ended one is removed.
    private mutating func live(_ key: String, now: Int) -> Entry? {
        guard let entry = entries[key] else { return nil }
        guard now - entry.opened < rule.windowMilliseconds else {
            entries[key] = nil
            return nil
        }
        return entry
    }

    private mutating func makeRoom(now: Int) {
        entries = entries.filter { now - $0.value.opened < rule.windowMilliseconds }
        guard entries.count >= capacity, let oldest = entries.min(by: { $0.value.opened < $1.value.opened }) else { return }
        entries[oldest.key] = nil
    }
}
