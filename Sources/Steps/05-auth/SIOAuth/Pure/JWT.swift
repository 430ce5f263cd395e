// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOJSON

/// Signs and verifies HS256 JSON Web Tokens (RFC 7519) with one secret key.
///
/// A token is the JWS compact serialization (RFC 7515 §7.1): three base64url segments without
/// padding, joined by dots.
///
///     base64url(header) "." base64url(claims) "." base64url(HMAC-SHA-256(key, first two segments))
///
/// The header is always `{"alg":"HS256","typ":"JWT"}`. Whoever holds the key can mint tokens, so
/// HS256 fits when the issuer and the verifier are the same service, as in the demo app: its login
/// endpoint signs, its Socket.IO auth middleware verifies.
///
/// ```swift
/// let jwt = JWT(key: secret)                     // at least 32 random bytes
/// let token = jwt.sign(JWTClaims(subject: "user-42", groupID: "kitchen", expiresAt: now + 3600))
///
/// do {
///     let claims = try jwt.verify(token, now: now)
///     claims.subject                              // "user-42"
/// } catch {
///     // error is a JWTError: .malformed, .badAlgorithm, .badSignature, .expired, .notYetValid
/// }
/// ```
///
/// `now` is passed in (seconds since 1970, like the claims) rather than read from the system clock,
/// so that this type stays pure and tests can say exactly when "now" is.
public struct JWT: Sendable {
    /// The leeway used when none is given: 30 seconds.
    ///
    /// Why not zero: the issuer's and the verifier's clocks are never exactly equal, and RFC 7519
    /// §4.1.4/§4.1.5 allow "some small leeway, usually no more than a few minutes, to account for
    /// clock skew". Why not minutes: an expired or stolen token stays usable for the whole leeway.
    /// Hosts synchronized with NTP are within a second of each other, so 30 s is generous yet short.
    public static let defaultLeeway: Double = 30

    /// The shortest key accepted, in bytes. RFC 7518 §3.2: "A key of the same size as the hash
    /// output (for instance, 256 bits for "HS256") or larger MUST be used".
    public static let minimumKeyByteCount = 32

    /// The longest token lifetime the executables accept, in seconds: ten years. Longer is a typo or
    /// "never expires" in disguise, and pushes `exp` towards numbers no client parses exactly.
    public static let maximumLifetime = 315_360_000

    /// Seconds of clock skew tolerated on both `exp` and `nbf`.
    public let leeway: Double

    /// The HMAC already keyed with our secret; each token copies it (see ``HMAC``).
    private let keyed: HMAC

    /// Creates a signer and verifier for one secret key.
    ///
    /// - Precondition: `key` has at least ``minimumKeyByteCount`` bytes and `leeway` is a finite,
    ///   non-negative number of seconds. A short key is a configuration mistake, so it stops the
    ///   program at startup instead of producing guessable tokens.
    public init(key: some Sequence<UInt8>, leeway: Double = JWT.defaultLeeway) {
        let key = Array(key)
        // Step5 and ChatDemo refuse a shorter secret at start (exit 2), so only a program can get here.
        precondition(key.count >= Self.minimumKeyByteCount, "an HS256 key needs at least 32 bytes (RFC 7518 §3.2)")
        // The leeway is the program's constant, never a setting or a token's field.
        precondition(leeway >= 0 && leeway.isFinite, "the leeway must be a finite, non-negative number of seconds")
        self.keyed = HMAC(key: key)
        self.leeway = leeway
    }

    /// Returns a signed token carrying `claims`, in their order.
    public func sign(_ claims: JWTClaims) -> String {
        let payload = Base64.encodeURL(JSON.object(claims.object).serializedBytes())
        let signingInput = Self.encodedHeader + "." + payload
        return signingInput + "." + Base64.encodeURL(signature(of: signingInput))
    }

    /// Verifies a token at time `now` (seconds since 1970) and returns its claims.
    ///
    /// The checks run in this order (RFC 7515 §5.2, RFC 7519 §7.2), and the first failure throws:
    /// 1. exactly three segments: anything else, such as a five-part JWE, is ``JWTError/malformed(_:)``;
    /// 2. the header is a base64url JSON object whose `alg` is exactly `"HS256"`
    ///    (``JWTError/badAlgorithm(_:)``) and which has no `crit` parameter (RFC 7515 §4.1.11);
    /// 3. the signature matches, compared in constant time (``JWTError/badSignature``);
    /// 4. only now is the payload decoded: a JSON object whose `sub`, `gid`, `iat`, `nbf`, `exp` have
    ///    the right types;
    /// 5. `now < exp + leeway` (``JWTError/expired(expiresAt:)``) and `now >= nbf - leeway`
    ///    (``JWTError/notYetValid(notBefore:)``), for each claim that is present.
    ///
    /// Why the algorithm is pinned: the header is written by whoever made the token. A verifier that
    /// obeyed it would accept `"alg":"none"` with an empty signature, or an `RS256` public key used
    /// as an HMAC secret (RFC 8725 §2.1, "algorithm verification" §3.1). The configuration decides
    /// the algorithm; the header can only agree with it.
    ///
    /// Why the payload is read last: nothing an attacker wrote is parsed beyond the small header
    /// until the signature proves the token is ours. A `now` that is not a number (NaN) fails the
    /// time checks, so the verifier fails closed.
    public func verify(_ token: some StringProtocol, now: Double) throws(JWTError) -> JWTClaims {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else {
            throw .malformed("expected 3 segments separated by \".\", found \(segments.count)")
        }
        let header = try Self.decodeObject(segments[0], part: "header")
        try Self.checkHeader(header)
        guard let signature = Base64.decodeURL(segments[2]) else {
            throw .malformed("signature is not base64url")
        }
        let signingInput = "\(segments[0]).\(segments[1])"
        guard ConstantTime.equals(signature, self.signature(of: signingInput)) else {
            throw .badSignature
        }
        let claims = JWTClaims(try Self.decodeObject(segments[1], part: "payload"))
        try claims.validateTypes()
        try checkTimes(of: claims, now: now)
        return claims
    }

    /// Verifies a token at time `now` given in whole seconds since 1970.
    public func verify(_ token: some StringProtocol, now: Int) throws(JWTError) -> JWTClaims {
        try verify(token, now: Double(now))
    }

    /// `{"alg":"HS256","typ":"JWT"}` in base64url: the same first segment for every token we sign.
    private static let encodedHeader = Base64.encodeURL(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8))

    /// The JWS signature of the ASCII bytes `header "." payload` (RFC 7515 §5.1 step 5, RFC 7518 §3.2).
    private func signature(of signingInput: String) -> [UInt8] {
        var mac = keyed
        mac.update(signingInput.utf8)
        return mac.finalize()
    }

    private static func decodeObject(_ segment: some StringProtocol, part: String) throws(JWTError) -> JSONObject {
        guard let bytes = Base64.decodeURL(segment) else {
            throw .malformed("\(part) is not base64url")
        }
        let value: JSON
        do {
            value = try JSON.parse(bytes)
        } catch {
            throw .malformed("\(part) is not JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw .malformed("\(part) is not a JSON object")
        }
        return object
    }

    /// RFC 7515 §4.1.1 (`alg`) and §4.1.11 (`crit`: extensions we do not know make the token invalid).
    private static func checkHeader(_ header: JSONObject) throws(JWTError) {
        let algorithm = header["alg"]?.stringValue
        guard algorithm == "HS256" else {
            throw .badAlgorithm(algorithm)
        }
        guard header["crit"] == nil else {
            throw .malformed("header has critical parameters (crit) that this verifier does not support")
        }
    }

    /// RFC 7519 §4.1.4 (`exp`) and §4.1.5 (`nbf`), each widened by the leeway. Written as `guard`
    /// on the accepting condition so that a NaN `now` is refused rather than let through.
    private func checkTimes(of claims: JWTClaims, now: Double) throws(JWTError) {
        if let expiresAt = claims.expiresAt {
            guard now < expiresAt + leeway else { throw .expired(expiresAt: expiresAt) }
        }
        if let notBefore = claims.notBefore {
            guard now >= notBefore - leeway else { throw .notYetValid(notBefore: notBefore) }
        }
    }
}
