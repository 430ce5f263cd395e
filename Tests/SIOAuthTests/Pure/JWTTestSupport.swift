// SPDX-License-Identifier: MIT

import SIOAuth
import SIOEngineIO

/// Shared key, verifier and token builders for the JWT tests.
enum JWTTestSupport {
    /// 32 ASCII bytes: the shortest key HS256 allows (RFC 7518 §3.2).
    static let key = Array("workshop-secret-key-0123456789ab".utf8)
    static let jwt = JWT(key: key)

    /// Builds a token from raw header and payload JSON text, signed with `key` whatever the header
    /// says. This is how an attacker (or a buggy issuer) makes tokens our `sign` never would.
    static func token(header: String, payload: String, key: [UInt8] = key) -> String {
        let signingInput = Base64.encodeURL(Array(header.utf8)) + "." + Base64.encodeURL(Array(payload.utf8))
        return signingInput + "." + signature(of: signingInput, key: key)
    }

    /// The base64url HS256 signature of already-encoded segments.
    static func signature(of signingInput: String, key: [UInt8] = key) -> String {
        Base64.encodeURL(HMAC.authenticationCode(for: signingInput.utf8, key: key))
    }

    /// The error `verify` throws, or `nil` when it accepts the token.
    static func rejection(of token: String, by verifier: JWT = jwt, now: Double = 1_700_000_000) -> JWTError? {
        do {
            _ = try verifier.verify(token, now: now)
            return nil
        } catch {
            return error
        }
    }
}

extension JWTError {
    /// The reason when this is `.malformed`, for tests that only care which step failed.
    var malformedReason: String? {
        guard case .malformed(let reason) = self else { return nil }
        return reason
    }
}
