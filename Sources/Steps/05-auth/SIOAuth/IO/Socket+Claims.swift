// SPDX-License-Identifier: MIT

import SIOServer

extension Socket {
    /// The key of `socket.data` under which ``Authenticator`` attaches the verified claims.
    public static let claimsDataKey = "claims"

    /// The verified token claims of an authenticated socket, `nil` until it authenticates.
    ///
    /// ``Authenticator`` attaches them to `socket.data` (Node's place for per-socket values, which adapters
    /// copy between servers), so handlers read who they are talking to without a lookup:
    ///
    /// ```swift
    /// socket.on("whoami") { _, ack in ack?(.string(socket.claims?.subject ?? "nobody")) }
    /// ```
    public var claims: JWTClaims? {
        guard let object = data[Self.claimsDataKey]?.jsonValue?.objectValue else { return nil }
        return JWTClaims(object)
    }

    /// Stores `claims` where ``claims`` reads them.
    func attach(_ claims: JWTClaims) {
        data[Self.claimsDataKey] = SocketIOValue(.object(claims.object))
    }
}
