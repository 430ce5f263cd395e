// SPDX-License-Identifier: MIT

import SIOAuth
import Testing

/// The token policy: which tokens pass, and which status answers the others.
@Suite("TokenVerifier")
struct TokenVerifierTests {
    typealias Support = JWTTestSupport
    static let now: Double = 1_700_000_000
    static let alice = JWTClaims(subject: "alice", groupID: "web", issuedAt: now, expiresAt: now + 3600)

    struct StoreDown: Error, CustomStringConvertible {
        var description: String { "user store unreachable" }
    }

    @Test("a genuine, current token naming a subject returns its claims")
    func accepts() throws {
        let verifier = TokenVerifier(jwt: Support.jwt)
        let claims = try verifier.verify(Support.jwt.sign(Self.alice), now: Self.now).get()
        #expect(claims.subject == "alice")
        #expect(claims.groupID == "web")
    }

    @Test(
        "a missing or invalid token is a 401 whose log reason says which check failed",
        arguments: [
            (nil, "no token"),
            ("", "no token"),
            ("not-a-token", "malformed token: expected 3 segments separated by \".\", found 1"),
            (Support.token(header: #"{"alg":"none"}"#, payload: #"{"sub":"alice"}"#),
             "unsupported algorithm \"none\" (only HS256 is accepted)"),
            (Support.jwt.sign(JWTClaims(subject: "alice", expiresAt: now - 31)), "token expired at 1699999969"),
            (Support.jwt.sign(JWTClaims(subject: "alice", notBefore: now + 31)), "token not valid before 1700000031"),
            (Support.jwt.sign(JWTClaims(groupID: "web")), "the token names no subject (sub)"),
            (Support.jwt.sign(JWTClaims(subject: "")), "the token names no subject (sub)"),
        ] as [(String?, String)])
    func unauthorized(token: String?, reason: String) {
        let result = TokenVerifier(jwt: Support.jwt).verify(token, now: Self.now)
        #expect(result == .failure(.unauthorized(reason)))
    }

    @Test("a token signed with another key is a 401 for a bad signature")
    func otherKey() {
        let other = JWT(key: Array("another-secret-key-0123456789abc".utf8))
        let result = TokenVerifier(jwt: Support.jwt).verify(other.sign(Self.alice), now: Self.now)
        #expect(result == .failure(.unauthorized("bad signature")))
    }

    @Test("a genuine token of a user the application refuses is a 403")
    func forbidden() {
        let verifier = TokenVerifier(jwt: Support.jwt) { $0.subject != "alice" }
        let result = verifier.verify(Support.jwt.sign(Self.alice), now: Self.now)
        #expect(result == .failure(.forbidden("access refused for alice")))
        #expect((try? result.get()) == nil)
    }

    @Test("an authorization check that throws is a 500, not a verdict")
    func internalError() {
        let verifier = TokenVerifier(jwt: Support.jwt) { _ in throw StoreDown() }
        let result = verifier.verify(Support.jwt.sign(Self.alice), now: Self.now)
        #expect(result == .failure(.internalError("authorization of alice failed: user store unreachable")))
    }

    @Test("authorization only ever sees verified claims: a forged token fails before it is asked")
    func authorizeSeesOnlyGenuineTokens() {
        var asked = 0
        let verifier = TokenVerifier(jwt: Support.jwt) { _ in
            asked += 1
            return true
        }
        let otherKey = [UInt8](repeating: 7, count: 32)
        let forged = Support.token(header: #"{"alg":"HS256"}"#, payload: #"{"sub":"x"}"#, key: otherKey)
        _ = verifier.verify(forged, now: Self.now)
        #expect(asked == 0)
        _ = verifier.verify(Support.jwt.sign(Self.alice), now: Self.now)
        #expect(asked == 1)
    }
}
