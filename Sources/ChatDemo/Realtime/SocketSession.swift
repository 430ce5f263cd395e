// SPDX-License-Identifier: MIT

/// Who an authenticated socket belongs to: its user (as read from the store when it authenticated) and the
/// claims of its token (the `gid` of its device).
struct SocketSession {
    var user: User
    let claims: TokenClaims

    /// The origin of what this socket does: its user and device.
    var origin: Origin { Origin(user: user, groupID: claims.groupID) }
}
