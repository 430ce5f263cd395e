// SPDX-License-Identifier: MIT

import SIOAuth
import SIOEngineIO
import SIOServer

extension FuzzHarness {
    /// A mode byte, then: a token as a client sends it (mode 0); a header and a payload, cut at the first
    /// newline, signed with the key (1); a payload signed with the standard header (2). Signing what the
    /// fuzzer writes gets it past the signature check, to the header, claim and time checks.
    static let jwt = FuzzHarness(
        name: "jwt", summary: "JWT.verify and TokenVerifier; claims that verify, signed again, verify the same"
    ) { input in
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        let token: String
        switch mode % 3 {
        case 0:
            token = String(decoding: rest, as: UTF8.self)
        case 1:
            let newline = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            token = JWTFuzzing.signed(header: Array(rest[..<newline]), payload: Array(rest[newline...].dropFirst()))
        default:
            token = JWTFuzzing.signed(header: Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8), payload: rest)
        }
        JWTFuzzing.check(token)
    }
}

enum JWTFuzzing {
    static let key = Array("a fuzzing key of 32 bytes or more".utf8)
    static let jwt = JWT(key: key)
    /// 2023-11-14T22:13:20Z: a fixed clock, so that a crash replays.
    static let now: Double = 1_700_000_000

    /// `base64url(header).base64url(payload).base64url(HMAC-SHA256)`, as an honest issuer would sign it.
    static func signed(header: [UInt8], payload: [UInt8]) -> String {
        let signingInput = Base64.encodeURL(header) + "." + Base64.encodeURL(payload)
        return signingInput + "." + Base64.encodeURL(HMAC.authenticationCode(for: signingInput.utf8, key: key))
    }

    static func check(_ token: String) {
        _ = TokenVerifier(jwt: jwt) { $0.subject != "blocked" }.verify(token, now: now)
        guard let claims = try? jwt.verify(token, now: now) else { return }
        // Infinity is written as null, which no time claim may be: only finite claims must survive signing.
        guard JSONFuzzing.isFinite(SocketIOValue(.object(claims.object))) else { return }
        let again = Result { () throws(JWTError) in try jwt.verify(jwt.sign(claims), now: now) }
        invariant(again == .success(claims), "claims \(claims.object) signed again verify as \(again)")
    }
}
