// SPDX-License-Identifier: MIT

/// What a verified token says about its bearer.
struct TokenClaims: Sendable, Hashable {
    let userID: Int
    let isAdmin: Bool
    /// The device or tab that logged in: every login gets its own, and an update made through the HTTP API
    /// with this token is not echoed to the sockets that carry the same `gid` (they already know).
    let groupID: String
    /// Seconds since 1970.
    let expiresAt: Double
}
