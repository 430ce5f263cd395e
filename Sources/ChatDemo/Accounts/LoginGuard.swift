// SPDX-License-Identifier: MIT

import Synchronization

/// Throttles password guesses for the whole process: per account and per client address, whichever loop the
/// attempt lands on (one guard in `ChatShared`).
///
/// Every password check (login, password change) is counted *before* it is hashed, and taken back when it
/// succeeds: the count is of failures, yet a burst of 60 simultaneous guesses cannot slip past the limit
/// while the first ones are still being hashed. A success also clears its account's count (the user
/// is back), but not its address's (one address may try many accounts). At a limit, the attempt is refused
/// with 429 and `Retry-After` without any hashing, and the refusal itself is not counted, so the window ends
/// when it said it would.
///
/// Defaults (settings `login-account-failures`, `login-address-failures`): 5 per account per 15 minutes, as
/// OWASP's authentication cheat sheet suggests for a lockout that annoys guessing more than users (a person who
/// forgot a password rarely tries more than a few times); 20 per address per minute, enough for an office
/// behind one NAT address, while one attacker address gets 28 800 guesses a day instead of hundreds of thousands.
final class LoginGuard: Sendable {
    static let defaultAccountRule = FailureCounter.Rule(limit: 5, windowMilliseconds: 15 * 60_000)
    static let defaultAddressRule = FailureCounter.Rule(limit: 20, windowMilliseconds: 60_000)
    /// Keys per table: about 100 bytes each, so a full table is about a megabyte.
    static let capacity = 10_000

    /// What the attempt may do.
    enum Decision: Equatable {
        case proceed
        case refuse(retryAfter: Int, scope: Scope)
    }

    enum Scope: String, CaseIterable, Sendable {
        case account
        case address
    }

    private struct State {
        var accounts: FailureCounter
        var addresses: FailureCounter
        var refused: [Scope: Int] = [:]
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> Int

    init(
        account: FailureCounter.Rule = LoginGuard.defaultAccountRule, address: FailureCounter.Rule = LoginGuard.defaultAddressRule,
        clock: @escaping @Sendable () -> Int = ChatStore.systemMilliseconds
    ) {
        state = Mutex(State(
            accounts: FailureCounter(rule: account, capacity: Self.capacity),
            addresses: FailureCounter(rule: address, capacity: Self.capacity)))
        self.clock = clock
    }

    /// Refuses the attempt at a limit; otherwise counts it as a failure until `succeeded` says otherwise.
    /// Account names are compared without case, as the store does.
    func begin(account: String, address: String) -> Decision {
        let now = clock(), account = account.lowercased()
        return state.withLock { state in
            if let seconds = state.addresses.retryAfter(address, now: now) {
                state.refused[.address, default: 0] += 1
                return .refuse(retryAfter: seconds, scope: .address)
            }
            if let seconds = state.accounts.retryAfter(account, now: now) {
                state.refused[.account, default: 0] += 1
                return .refuse(retryAfter: seconds, scope: .account)
            }
            state.accounts.record(account, now: now)
            state.addresses.record(address, now: now)
            return .proceed
        }
    }

    /// The attempt begun with these keys was right: its account starts again from zero, and its address no
    /// longer counts it.
    func succeeded(account: String, address: String) {
        state.withLock { state in
            state.accounts.reset(account.lowercased())
            state.addresses.forgive(address)
        }
    }

    /// The attempt begun with these keys was never checked (the password pool was full): it does not count.
    func withdraw(account: String, address: String) {
        state.withLock { state in
            state.accounts.forgive(account.lowercased())
            state.addresses.forgive(address)
        }
    }

    /// Attempts refused so far, by the limit that refused them (`chatdemo_login_throttled_total`).
    func refusals(_ scope: Scope) -> Int { state.withLock { $0.refused[scope] ?? 0 } }
}
