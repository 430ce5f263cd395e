// SPDX-License-Identifier: MIT

/// The life of one socket that connected without credentials: it has until a deadline to authenticate.
///
/// ```
///              credentials             success
///   pending ──────────────▶ verifying ─────────▶ authenticated
///      │                      │   │
///      │ deadline             │   │ failure
///      ▼                      │   ▼
///   timedOut ◀────────────────┘  rejected
///            deadline
/// ```
///
/// Why a deadline at all: a socket that connected without credentials holds a file descriptor, buffers and
/// a place in the namespace, and receives whatever the server sends to everyone. Without a bound, an attacker
/// opens thousands and waits. Ten seconds is plenty for a client to emit one event and short enough to bound
/// that cost. (Node has no such timer; its `connectTimeout` only bounds joining a namespace.)
///
/// Why "authenticated *by* the deadline" rather than "token *sent* by the deadline": the deadline also bounds
/// a verification that hangs (a user lookup that never answers), so no socket outlives it unauthenticated.
///
/// Pure, like every state machine here: it never reads a clock or touches a socket. Each event takes `now`
/// (the loop's monotonic time) and returns what to do; ``Authenticator`` performs it.
///
/// ```swift
/// var machine = AuthenticationDeadline(connectedAt: .seconds(0), timeout: .seconds(10))
/// machine.credentialsReceived(now: .seconds(3))            // .verify
/// machine.verificationFinished(.success(claims))           // .accept(claims)
/// machine.deadlineReached(now: .seconds(10))               // .none: already authenticated
/// ```
package struct AuthenticationDeadline: Sendable, Hashable {
    package enum State: Sendable, Hashable {
        /// Connected without credentials; must authenticate before `deadline`.
        case pending(deadline: Duration)
        /// Credentials arrived and are being checked; the deadline still holds.
        case verifying(deadline: Duration)
        /// In, with these claims.
        case authenticated(JWTClaims)
        /// Refused; the socket is being disconnected.
        case rejected(AuthenticationFailure)
        /// The deadline passed first; the socket is being disconnected.
        case timedOut
    }

    /// What the caller must do after an event.
    package enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// Check the credentials, then report with ``verificationFinished(_:)``.
        case verify
        /// Let the socket in: join the authenticated room, answer success.
        case accept(JWTClaims)
        /// Answer the failure, then disconnect.
        case reject(AuthenticationFailure)
        /// Disconnect: the deadline passed.
        case timeOut
        /// The timer fired before the deadline (a clock tick early): fire again at this time.
        case wait(until: Duration)
    }

    package private(set) var state: State

    /// A socket that connected at `now` without credentials and has `timeout` to authenticate.
    package init(connectedAt now: Duration, timeout: Duration) {
        state = .pending(deadline: now + timeout)
    }

    /// A socket whose CONNECT already carried a valid token: no deadline.
    package init(authenticatedWith claims: JWTClaims) {
        state = .authenticated(claims)
    }

    /// When the socket must be authenticated by; `nil` once the question is settled.
    package var deadline: Duration? {
        switch state {
        case .pending(let deadline), .verifying(let deadline): return deadline
        case .authenticated, .rejected, .timedOut: return nil
        }
    }

    /// The claims once authenticated.
    package var claims: JWTClaims? {
        guard case .authenticated(let claims) = state else { return nil }
        return claims
    }

    /// The client sent credentials (an `authentication` or `auth` event).
    ///
    /// Only a pending socket gets a check. While one check runs, further credentials are ignored (one answer
    /// per socket); once authenticated, a repeated event is ignored too, so a client that sends its token
    /// twice is not disconnected for it. Credentials that arrive at or after the deadline (the event and the
    /// timer were both due) lose: the deadline wins ties.
    package mutating func credentialsReceived(now: Duration) -> Action {
        guard case .pending(let deadline) = state else { return .none }
        guard now < deadline else {
            state = .timedOut
            return .timeOut
        }
        state = .verifying(deadline: deadline)
        return .verify
    }

    /// The check asked for by ``Action/verify`` finished. Ignored unless a check is running: if the deadline
    /// passed meanwhile, the socket is already on its way out.
    package mutating func verificationFinished(_ result: Result<JWTClaims, AuthenticationFailure>) -> Action {
        guard case .verifying = state else { return .none }
        switch result {
        case .success(let claims):
            state = .authenticated(claims)
            return .accept(claims)
        case .failure(let failure):
            state = .rejected(failure)
            return .reject(failure)
        }
    }

    /// The deadline timer fired. Time is compared, not trusted: a timer that fires early re-arms, so the
    /// disconnect never happens before the deadline.
    package mutating func deadlineReached(now: Duration) -> Action {
        guard let deadline else { return .none }
        guard now >= deadline else { return .wait(until: deadline) }
        state = .timedOut
        return .timeOut
    }
}
