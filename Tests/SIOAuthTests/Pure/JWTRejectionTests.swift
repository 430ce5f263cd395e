// SPDX-License-Identifier: MIT

import SIOAuth
import SIOEngineIO
import Testing

/// Tokens that must be refused, and the step that refuses them (RFC 7515 §5.2, RFC 7519 §7.2, RFC 8725).
struct JWTRejectionTests {
    typealias Support = JWTTestSupport

    static let goodHeader = #"{"alg":"HS256","typ":"JWT"}"#
    static let goodPayload = #"{"sub":"user-42","exp":1800000000}"#

    @Test("a changed payload with the original signature fails the signature check")
    func tamperedPayload() {
        let original = Support.jwt.sign(JWTClaims(subject: "user-42", expiresAt: 1_800_000_000))
        let segments = original.split(separator: ".")
        let forged = Base64.encodeURL(Array(#"{"sub":"admin","exp":1800000000}"#.utf8))
        #expect(Support.rejection(of: "\(segments[0]).\(forged).\(segments[2])") == .badSignature)
    }

    @Test("a changed signature fails the signature check")
    func tamperedSignature() {
        let original = Support.jwt.sign(JWTClaims(subject: "user-42"))
        let segments = original.split(separator: ".")
        let signature = segments[2]
        let changedFirst = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
        #expect(Support.rejection(of: "\(segments[0]).\(segments[1]).\(changedFirst)") == .badSignature)
    }

    @Test("a truncated or empty signature fails the signature check")
    func shortSignature() {
        let segments = Support.jwt.sign(JWTClaims(subject: "user-42")).split(separator: ".")
        #expect(Support.rejection(of: "\(segments[0]).\(segments[1]).\(segments[2].prefix(40))") == .badSignature)
        #expect(Support.rejection(of: "\(segments[0]).\(segments[1]).") == .badSignature)
    }

    @Test("a token signed with another key fails the signature check")
    func otherKey() {
        let otherKey = Array("another-secret-key-0123456789abc".utf8)
        let token = Support.token(header: Self.goodHeader, payload: Self.goodPayload, key: otherKey)
        #expect(Support.rejection(of: token) == .badSignature)
    }

    @Test("an unsecured alg:none token is refused before any signature is looked at")
    func algorithmNone() {
        let header = Base64.encodeURL(Array(#"{"alg":"none","typ":"JWT"}"#.utf8))
        let payload = Base64.encodeURL(Array(Self.goodPayload.utf8))
        #expect(Support.rejection(of: "\(header).\(payload).") == .badAlgorithm("none"))
    }

    @Test(
        "a header naming any algorithm but exactly HS256 is refused, even when the HMAC is right",
        arguments: [
            (#"{"alg":"HS512","typ":"JWT"}"#, "HS512"),
            (#"{"alg":"RS256","typ":"JWT"}"#, "RS256"),
            (#"{"alg":"hs256","typ":"JWT"}"#, "hs256"),
            (#"{"alg":"HS256 ","typ":"JWT"}"#, "HS256 "),
            (#"{"alg":"none"}"#, "none"),
        ]
    )
    func otherAlgorithms(header: String, algorithm: String) {
        let token = Support.token(header: header, payload: Self.goodPayload)
        #expect(Support.rejection(of: token) == .badAlgorithm(algorithm))
    }

    @Test(
        "a header without a string alg is refused as a bad algorithm",
        arguments: [#"{"typ":"JWT"}"#, #"{"alg":null}"#, #"{"alg":256}"#, #"{"alg":["HS256"]}"#]
    )
    func missingAlgorithm(header: String) {
        let token = Support.token(header: header, payload: Self.goodPayload)
        #expect(Support.rejection(of: token) == .badAlgorithm(nil))
    }

    @Test("a header with a crit parameter is refused, since no extension is supported")
    func criticalHeader() {
        let token = Support.token(header: #"{"alg":"HS256","crit":["exp"],"exp":1}"#, payload: Self.goodPayload)
        #expect(Support.rejection(of: token)?.malformedReason?.contains("crit") == true)
    }

    @Test(
        "a token that is not exactly three dot-separated segments is malformed",
        arguments: [
            ("", 1), ("abc", 1), ("a.b", 2), ("a.b.c.d", 4), ("a.b.c.d.e", 5), ("....", 5),
        ]
    )
    func segmentCount(token: String, count: Int) {
        #expect(
            Support.rejection(of: token)?.malformedReason == "expected 3 segments separated by \".\", found \(count)")
    }

    @Test("a valid token with one more segment appended is malformed")
    func extraSegment() {
        let token = Support.jwt.sign(JWTClaims(subject: "user-42"))
        #expect(Support.rejection(of: token + ".e30")?.malformedReason?.contains("found 4") == true)
    }

    @Test(
        "a header that is not base64url is malformed",
        arguments: [
            "eyJhbGciOiJIUzI1NiJ9=",  // padding is not allowed in JWS (RFC 7515 §2)
            "eyJhbGciOiJIUzI1NiJ9*",
            "eyJhbGciOiJIUzI1NiJ+",  // standard alphabet, not base64url
            "e",  // one character cannot hold a byte
        ]
    )
    func headerNotBase64URL(header: String) {
        let payload = Base64.encodeURL(Array(Self.goodPayload.utf8))
        let signingInput = "\(header).\(payload)"
        let token = signingInput + "." + Support.signature(of: signingInput)
        #expect(Support.rejection(of: token)?.malformedReason == "header is not base64url")
    }

    @Test("a correctly signed payload that is not base64url is malformed")
    func payloadNotBase64URL() {
        let header = Base64.encodeURL(Array(Self.goodHeader.utf8))
        let signingInput = "\(header).eyJzdWIiOiJ1c2VyLTQyIn0="
        let token = signingInput + "." + Support.signature(of: signingInput)
        #expect(Support.rejection(of: token)?.malformedReason == "payload is not base64url")
    }

    @Test("a signature that is not base64url is malformed", arguments: ["abc=", "a/b+", "a"])
    func signatureNotBase64URL(signature: String) {
        let segments = Support.jwt.sign(JWTClaims(subject: "user-42")).split(separator: ".")
        #expect(
            Support.rejection(of: "\(segments[0]).\(segments[1]).\(signature)")?.malformedReason
                == "signature is not base64url")
    }

    @Test("a header that is not a JSON object is malformed", arguments: ["[]", #""HS256""#, "{", "alg=HS256"])
    func headerNotObject(header: String) {
        let token = Support.token(header: header, payload: Self.goodPayload)
        let reason = Support.rejection(of: token)?.malformedReason
        #expect(reason?.hasPrefix("header is not") == true)
    }

    @Test("a correctly signed payload that is not a JSON object is malformed", arguments: ["[1]", "null", "{\"sub\":"])
    func payloadNotObject(payload: String) {
        let token = Support.token(header: Self.goodHeader, payload: payload)
        let reason = Support.rejection(of: token)?.malformedReason
        #expect(reason?.hasPrefix("payload is not") == true)
    }

    @Test(
        "a correctly signed registered claim of the wrong type is malformed",
        arguments: [
            (#"{"exp":"1800000000"}"#, #"claim "exp" must be a number"#),
            (#"{"nbf":true}"#, #"claim "nbf" must be a number"#),
            (#"{"iat":null}"#, #"claim "iat" must be a number"#),
            (#"{"sub":42}"#, #"claim "sub" must be a string"#),
            (#"{"gid":["kitchen"]}"#, #"claim "gid" must be a string"#),
        ]
    )
    func wrongClaimType(payload: String, reason: String) {
        let token = Support.token(header: Self.goodHeader, payload: payload)
        #expect(Support.rejection(of: token)?.malformedReason == reason)
    }
}
