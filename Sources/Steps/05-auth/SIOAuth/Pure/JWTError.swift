// SPDX-License-Identifier: MIT

import SIOJSON

/// Why ``JWT`` refused a token in `verify(_:now:)`. Each case names the step that failed, in
/// the order the checks run (RFC 7519 §7.2, RFC 7515 §5.2).
///
/// The cases are precise for logs and tests. What to tell the client is a separate decision: an
/// auth middleware usually answers every case with the same "invalid token" so that probing the
/// server teaches an attacker nothing, and perhaps "expired" so that honest clients refresh.
public enum JWTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token is not a well-formed HS256 JWS: not exactly three `.`-separated segments, a
    /// segment that is not base64url, a header or payload that is not a JSON object, a registered
    /// claim of the wrong type, or a `crit` header we do not understand (RFC 7515 §4.1.11).
    /// The string says which, for logs.
    case malformed(String)

    /// The header's `alg` is not exactly `"HS256"`. Carries what was found (`nil` when `alg` is
    /// missing or not a string). Tokens with `none`, `HS512` or `RS256` all end here: the verifier
    /// decides the algorithm, never the token (RFC 8725 §2.1, §3.1).
    case badAlgorithm(String?)

    /// The HMAC-SHA-256 signature does not match the header and payload: the token was changed or
    /// signed with another key.
    case badSignature

    /// The `exp` claim (RFC 7519 §4.1.4), plus the leeway, is not after `now`.
    case expired(expiresAt: Double)

    /// The `nbf` claim (RFC 7519 §4.1.5), minus the leeway, is after `now`.
    case notYetValid(notBefore: Double)

    /// A sentence for logs (the client only sees `AuthenticationFailure`'s fixed messages).
    public var description: String {
        switch self {
        case .malformed(let reason):
            return "malformed token: \(reason)"
        case .badAlgorithm(let algorithm?):
            return "unsupported algorithm \"\(algorithm)\" (only HS256 is accepted)"
        case .badAlgorithm(nil):
            return "missing algorithm (only HS256 is accepted)"
        case .badSignature:
            return "bad signature"
        case .expired(let expiresAt):
            return "token expired at \(JSON.number(expiresAt).serialized())"
        case .notYetValid(let notBefore):
            return "token not valid before \(JSON.number(notBefore).serialized())"
        }
    }
}
