// SPDX-License-Identifier: MIT

import SIOAuth
import Synchronization

/// Mints tokens for the demo, and remembers which users were revoked.
///
/// In a real deployment another service (the login endpoint) signs tokens and this server only verifies them.
/// Here `POST /dev/token` and `--print-token` sign them too, with a secret everybody can read in this file, so
/// that a workshop can connect in one `curl`. **Anyone who knows the secret can mint any user's token**: pass
/// your own with `--secret` or `STEP5_SECRET` (at least 32 bytes, RFC 7518 §3.2) outside a workshop.
///
/// Shared by every loop (`--loops`): a revocation made through one loop's HTTP route must stop the tokens
/// checked on every loop, hence the `Mutex`.
final class DevelopmentTokens: Sendable {
    /// The documented development secret (43 bytes). Never use it for anything real.
    static let developmentSecret = "step5-development-secret-not-for-production"

    let jwt: JWT
    /// How long a minted token lives, in seconds.
    let lifetime: Double
    /// Users whose tokens are refused with 403, although genuine (`POST /dev/revoke`).
    private let revoked = Mutex<Set<String>>([])

    init(secret: String, lifetime: Double) {
        jwt = JWT(key: Array(secret.utf8))
        self.lifetime = lifetime
    }

    /// A token for `user`, in device group `group`, valid from `now` (seconds since 1970) for `lifetime`.
    func token(user: String, group: String?, now: Double) -> (token: String, claims: JWTClaims) {
        let issuedAt = now.rounded(.down)
        let claims = JWTClaims(subject: user, groupID: group, issuedAt: issuedAt, expiresAt: issuedAt + lifetime)
        return (jwt.sign(claims), claims)
    }

    func revoke(_ user: String) {
        _ = revoked.withLock { $0.insert(user) }
    }

    /// The verifier the server uses: genuine tokens of users that are not revoked.
    func verifier() -> TokenVerifier {
        TokenVerifier(jwt: jwt) { [self] claims in
            !revoked.withLock { $0.contains(claims.subject ?? "") }
        }
    }
}
