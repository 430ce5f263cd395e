// SPDX-License-Identifier: MIT

import SIOAuth
import Testing

/// The deadline state machine, driven with explicit times: no clock, no sleep.
@Suite("AuthenticationDeadline")
struct AuthenticationDeadlineTests {
    static let claims = JWTClaims(subject: "alice", groupID: "web")

    /// A socket that connected at 100 s with the default 10 s to authenticate.
    func connected() -> AuthenticationDeadline {
        AuthenticationDeadline(connectedAt: .seconds(100), timeout: .seconds(10))
    }

    @Test("a socket that connects without credentials is pending until connect time plus the timeout")
    func startsPending() {
        let machine = connected()
        #expect(machine.state == .pending(deadline: .seconds(110)))
        #expect(machine.deadline == .seconds(110))
        #expect(machine.claims == nil)
    }

    @Test("credentials before the deadline are verified, and a success authenticates with the claims")
    func acceptsInTime() {
        var machine = connected()
        #expect(machine.credentialsReceived(now: .seconds(109) + .milliseconds(999)) == .verify)
        #expect(machine.state == .verifying(deadline: .seconds(110)))
        #expect(machine.verificationFinished(.success(Self.claims)) == .accept(Self.claims))
        #expect(machine.claims == Self.claims)
        #expect(machine.deadline == nil)
    }

    @Test("a failed verification rejects with its failure, once")
    func rejects() {
        var machine = connected()
        _ = machine.credentialsReceived(now: .seconds(101))
        let failure = AuthenticationFailure.unauthorized("bad signature")
        #expect(machine.verificationFinished(.failure(failure)) == .reject(failure))
        #expect(machine.state == .rejected(failure))
        #expect(machine.verificationFinished(.success(Self.claims)) == .none)
        #expect(machine.credentialsReceived(now: .seconds(102)) == .none)
    }

    @Test("the timer at the deadline times a silent socket out, and nothing happens after that")
    func timesOut() {
        var machine = connected()
        #expect(machine.deadlineReached(now: .seconds(110)) == .timeOut)
        #expect(machine.state == .timedOut)
        #expect(machine.deadlineReached(now: .seconds(111)) == .none)
        #expect(machine.credentialsReceived(now: .seconds(111)) == .none)
    }

    @Test("a timer that fires a nanosecond early waits until the deadline instead of disconnecting")
    func earlyTimerRearms() {
        var machine = connected()
        #expect(machine.deadlineReached(now: .seconds(110) - .nanoseconds(1)) == .wait(until: .seconds(110)))
        #expect(machine.state == .pending(deadline: .seconds(110)))
    }

    @Test("credentials exactly at the deadline lose the tie: the socket times out")
    func deadlineWinsTies() {
        var machine = connected()
        #expect(machine.credentialsReceived(now: .seconds(110)) == .timeOut)
        #expect(machine.state == .timedOut)
    }

    @Test("the deadline also bounds a verification that has not finished; its late result is ignored")
    func deadlineBoundsVerification() {
        var machine = connected()
        _ = machine.credentialsReceived(now: .seconds(105))
        #expect(machine.deadlineReached(now: .seconds(110)) == .timeOut)
        #expect(machine.verificationFinished(.success(Self.claims)) == .none)
        #expect(machine.state == .timedOut)
    }

    @Test("a second token while the first is being checked is ignored: one answer per socket")
    func oneCheckAtATime() {
        var machine = connected()
        #expect(machine.credentialsReceived(now: .seconds(101)) == .verify)
        #expect(machine.credentialsReceived(now: .seconds(102)) == .none)
        #expect(machine.state == .verifying(deadline: .seconds(110)))
    }

    @Test("once authenticated, more credentials and the old deadline timer change nothing")
    func authenticatedIsFinal() {
        var machine = connected()
        _ = machine.credentialsReceived(now: .seconds(101))
        _ = machine.verificationFinished(.success(Self.claims))
        #expect(machine.credentialsReceived(now: .seconds(102)) == .none)
        #expect(machine.deadlineReached(now: .seconds(110)) == .none)
        #expect(machine.claims == Self.claims)
    }

    @Test("a socket authenticated by its CONNECT packet has no deadline")
    func authenticatedAtConnect() {
        var machine = AuthenticationDeadline(authenticatedWith: Self.claims)
        #expect(machine.deadline == nil)
        #expect(machine.deadlineReached(now: .seconds(1_000)) == .none)
        #expect(machine.claims == Self.claims)
    }
}
