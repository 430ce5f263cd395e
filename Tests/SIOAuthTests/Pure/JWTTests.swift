// SPDX-License-Identifier: MIT

import SIOAuth
import SIOEngineIO
import SIOServer
import Testing

/// Signing and accepting HS256 tokens (RFC 7519, RFC 7515 compact serialization).
struct JWTTests {
    typealias Support = JWTTestSupport

    /// RFC 7515 Appendix A.1: an HS256 JWS whose header and payload contain CRLF whitespace.
    static let rfc7515Token =
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    /// The `k` member of the RFC 7515 Appendix A.1 JWK.
    static let rfc7515Key = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"

    @Test("the RFC 7515 A.1 example token verifies with its JWK before its exp")
    func rfc7515Example() throws {
        let key = try #require(Base64.decodeURL(Self.rfc7515Key))
        let claims = try JWT(key: key).verify(Self.rfc7515Token, now: 1_300_819_000)
        #expect(claims["iss"] == "joe")
        #expect(claims.expiresAt == 1_300_819_380)
        #expect(claims["http://example.com/is_root"] == true)
        #expect(claims.object.keys == ["iss", "exp", "http://example.com/is_root"])
    }

    @Test("the RFC 7515 A.1 example token is refused as expired after its exp, and with a wrong key")
    func rfc7515ExampleLimits() throws {
        let key = try #require(Base64.decodeURL(Self.rfc7515Key))
        let verifier = JWT(key: key)
        #expect(
            Support.rejection(of: Self.rfc7515Token, by: verifier, now: 1_400_000_000)
                == .expired(expiresAt: 1_300_819_380))
        #expect(Support.rejection(of: Self.rfc7515Token, now: 1_300_819_000) == .badSignature)
    }

    @Test("signing produces the exact token an independent HS256 implementation produces")
    func signsWireExactToken() {
        let claims = JWTClaims(
            subject: "user-42", groupID: "kitchen", issuedAt: 1_700_000_000, expiresAt: 1_700_003_600)
        #expect(
            Support.jwt.sign(claims)
                == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJzdWIiOiJ1c2VyLTQyIiwiZ2lkIjoia2l0Y2hlbiIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ"
                + ".a1JNDqcBtHcK6JFx8IDKEuaoAnxEpiVPNiIIYV41SPw"
        )
    }

    @Test("the header segment is {\"alg\":\"HS256\",\"typ\":\"JWT\"} and no segment has padding")
    func headerAndPadding() throws {
        let token = Support.jwt.sign(JWTClaims(subject: "a"))
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        #expect(segments.count == 3)
        let header = try #require(Base64.decodeURL(segments[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT"}"#)
        #expect(!token.contains("="))
    }

    @Test("a signed token verifies back to the same claims, extra claims and order included")
    func roundTrip() throws {
        var claims = JWTClaims(
            subject: "user-42", groupID: "kitchen", issuedAt: 1_700_000_000, expiresAt: 1_700_003_600)
        claims["role"] = "admin"
        claims["devices"] = ["phone", "laptop"]
        claims["scope"] = ["read": true, "write": false]
        let verified = try Support.jwt.verify(Support.jwt.sign(claims), now: 1_700_000_100)
        #expect(verified == claims)
        #expect(verified.subject == "user-42")
        #expect(verified.groupID == "kitchen")
        #expect(verified.issuedAt == 1_700_000_000)
        #expect(verified.expiresAt == 1_700_003_600)
        #expect(verified.notBefore == nil)
        #expect(verified["role"] == "admin")
        #expect(verified.object.keys == ["sub", "gid", "iat", "exp", "role", "devices", "scope"])
    }

    @Test("claims without any time claims are accepted at any time")
    func noTimeClaims() throws {
        let token = Support.jwt.sign(JWTClaims(subject: "forever"))
        #expect(try Support.jwt.verify(token, now: 0).subject == "forever")
        #expect(try Support.jwt.verify(token, now: 4_000_000_000).subject == "forever")
    }

    @Test("now can be given in whole seconds as an Int")
    func integerNow() throws {
        let token = Support.jwt.sign(JWTClaims(expiresAt: 1000))
        let verifier = JWT(key: Support.key, leeway: 0)
        #expect(try verifier.verify(token, now: 999 as Int).expiresAt == 1000)
        #expect(throws: JWTError.expired(expiresAt: 1000)) { try verifier.verify(token, now: 1000 as Int) }
    }

    @Test("a token is valid strictly before exp; the leeway extends that by 30 seconds by default")
    func expiry() {
        let token = Support.jwt.sign(JWTClaims(expiresAt: 1000))
        let strict = JWT(key: Support.key, leeway: 0)
        #expect(JWT.defaultLeeway == 30)
        #expect(Support.rejection(of: token, by: strict, now: 999.5) == nil)
        #expect(Support.rejection(of: token, by: strict, now: 1000) == .expired(expiresAt: 1000))
        #expect(Support.rejection(of: token, now: 1029.9) == nil)
        #expect(Support.rejection(of: token, now: 1030) == .expired(expiresAt: 1000))
    }

    @Test("a token is valid from nbf on; the leeway moves that 30 seconds earlier by default")
    func notBefore() {
        let token = Support.jwt.sign(JWTClaims(notBefore: 1000))
        let strict = JWT(key: Support.key, leeway: 0)
        #expect(Support.rejection(of: token, by: strict, now: 999) == .notYetValid(notBefore: 1000))
        #expect(Support.rejection(of: token, by: strict, now: 1000) == nil)
        #expect(Support.rejection(of: token, now: 970) == nil)
        #expect(Support.rejection(of: token, now: 969) == .notYetValid(notBefore: 1000))
    }

    @Test("a configured leeway of 120 seconds applies to both exp and nbf")
    func customLeeway() {
        let verifier = JWT(key: Support.key, leeway: 120)
        let token = Support.jwt.sign(JWTClaims(notBefore: 1000, expiresAt: 2000))
        #expect(Support.rejection(of: token, by: verifier, now: 880) == nil)
        #expect(Support.rejection(of: token, by: verifier, now: 879) == .notYetValid(notBefore: 1000))
        #expect(Support.rejection(of: token, by: verifier, now: 2119) == nil)
        #expect(Support.rejection(of: token, by: verifier, now: 2120) == .expired(expiresAt: 2000))
    }

    @Test("a NaN now is refused instead of skipping the time checks")
    func notANumberNow() {
        let token = Support.jwt.sign(JWTClaims(expiresAt: 2000))
        #expect(Support.rejection(of: token, now: .nan) == .expired(expiresAt: 2000))
    }

    @Test("a key shorter than 32 bytes stops the program at configuration time (RFC 7518 §3.2)")
    func shortKeyIsRefused() async {
        await #expect(processExitsWith: .failure) {
            _ = JWT(key: Array("secret".utf8))
        }
    }

    @Test("errors describe what failed in words")
    func errorDescriptions() {
        #expect(JWTError.badAlgorithm("none").description == #"unsupported algorithm "none" (only HS256 is accepted)"#)
        #expect(JWTError.badAlgorithm(nil).description == "missing algorithm (only HS256 is accepted)")
        #expect(JWTError.badSignature.description == "bad signature")
        #expect(JWTError.expired(expiresAt: 1000).description == "token expired at 1000")
        #expect(JWTError.notYetValid(notBefore: 1.5).description == "token not valid before 1.5")
        #expect(JWTError.malformed("x").description == "malformed token: x")
    }
}
