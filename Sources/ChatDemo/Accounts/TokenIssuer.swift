// SPDX-License-Identifier: MIT

import SIOAuth
import SIOServer

/// Issues and checks the app's access tokens: HS256 JSON Web Tokens signed with the server's secret.
///
/// Claims: `sub` (the user id, as a string, RFC 7519 §4.1.2), `admin` (a boolean), `gid` (the device group),
/// `iat` and `exp`. The same token authenticates HTTP requests (`Authorization: Bearer ...`) and Socket.IO
/// connections (the CONNECT auth payload, or the `authentication` event).
///
/// The `admin` claim is a convenience for the client (show the admin panel or not); the server re-reads the
/// user from the store on every admin action, so revoking admin rights takes effect at once.
struct TokenIssuer: Sendable {
    static let defaultLifetime: Double = 7 * 24 * 3600

    /// The signer and verifier; `Authenticator` uses it to check socket tokens.
    let jwt: JWT
    /// How long a token is valid, in seconds.
    let lifetime: Double
    /// Seconds since 1970; injected for tests.
    private let now: @Sendable () -> Double

    init(secret: [UInt8], lifetime: Double = TokenIssuer.defaultLifetime, now: @escaping @Sendable () -> Double) {
        jwt = JWT(key: secret)
        self.lifetime = lifetime
        self.now = now
    }

    func issue(for user: User, groupID: String) -> String {
        let issued = now().rounded(.down)
        var claims = JWTClaims(subject: String(user.id), groupID: groupID, issuedAt: issued, expiresAt: issued + lifetime)
        claims["admin"] = .bool(user.isAdmin)
        return jwt.sign(claims)
    }

    /// The claims of a valid token; `ChatError.unauthorized` naming the problem otherwise.
    func verify(_ token: String) throws(ChatError) -> TokenClaims {
        let claims: JWTClaims
        do {
            claims = try jwt.verify(token, now: now())
        } catch {
            throw .unauthorized("invalid token: \(error)")
        }
        guard let result = Self.claims(from: claims) else { throw .unauthorized("invalid token: missing sub, gid or exp") }
        return result
    }

    /// The app's view of verified JWT claims; `nil` when `sub`, `gid` or `exp` is missing or malformed.
    static func claims(from claims: JWTClaims) -> TokenClaims? {
        guard let subject = claims.subject, let userID = Int(subject), let groupID = claims.groupID,
              let expiresAt = claims.expiresAt
        else { return nil }
        return TokenClaims(userID: userID, isAdmin: claims["admin"]?.boolValue ?? false, groupID: groupID, expiresAt: expiresAt)
    }

    /// A new device group id: 16 random bytes, base64url (22 characters).
    static func makeGroupID() -> String {
        RandomText.make(byteCount: 16)
    }
}
