// SPDX-License-Identifier: MIT

/// The token policy of a server: which tokens let a socket in, and which ``AuthenticationFailure`` answers
/// the others.
///
/// Two questions, asked in this order:
/// 1. **Authentication**, "is this a genuine, current token naming someone?": ``JWT`` checks the HS256
///    signature, the pinned algorithm, `exp` and `nbf` with its leeway; then the `sub` claim must name a user.
///    Any "no" is a 401, whatever the detail (see ``AuthenticationFailure``).
/// 2. **Authorization**, "may this user connect?": the application's `authorize` closure sees the verified
///    claims. `false` is a 403 (a new token will not help); a thrown error is a 500 (the check could not run,
///    say the user store is down), so that an outage is never mistaken for a verdict.
///
/// ```swift
/// let verifier = TokenVerifier(jwt: JWT(key: secret)) { claims in
///     !revokedUsers.contains(claims.subject!)        // false: 403 Access denied
/// }
/// switch verifier.verify(token, now: Date().timeIntervalSince1970) {
/// case .success(let claims): claims.subject          // "alice"
/// case .failure(let failure): failure.status         // 401, 403 or 500
/// }
/// ```
///
/// Pure: the caller passes `now` (seconds since 1970, like the claims), so tests can say exactly when it is.
public struct TokenVerifier {
    /// Decides, for verified claims, whether the user may connect (`false`: 403); throwing means 500.
    public typealias Authorize = (JWTClaims) throws -> Bool

    /// Signs and verifies the tokens; its key and leeway are the server's configuration.
    public let jwt: JWT
    private let authorize: Authorize

    /// A verifier that accepts every genuine token naming a subject, unless `authorize` says otherwise.
    public init(jwt: JWT, authorize: @escaping Authorize = { _ in true }) {
        self.jwt = jwt
        self.authorize = authorize
    }

    /// Checks `token` at `now` and returns its claims, or the answer for the client.
    ///
    /// A missing token (`nil` or empty) is a 401 like a bad one: the caller decides *before* calling whether
    /// a socket without credentials gets a deadline instead (see ``AuthenticationDeadline``).
    public func verify(_ token: String?, now: Double) -> Result<JWTClaims, AuthenticationFailure> {
        guard let token, !token.isEmpty else {
            return .failure(.unauthorized("no token"))
        }
        let claims: JWTClaims
        do {
            claims = try jwt.verify(token, now: now)
        } catch {
            return .failure(.unauthorized(error.description))
        }
        guard let subject = claims.subject, !subject.isEmpty else {
            return .failure(.unauthorized("the token names no subject (sub)"))
        }
        do {
            guard try authorize(claims) else {
                return .failure(.forbidden("access refused for \(subject)"))
            }
        } catch {
            return .failure(.internalError("authorization of \(subject) failed: \(error)"))
        }
        return .success(claims)
    }
}
