// SPDX-License-Identifier: MIT

import SIOServer

/// Where a client may put its access token when it connects, read from the socket's ``Handshake``.
///
/// | source                  | client side                                                   | default |
/// |-------------------------|---------------------------------------------------------------|---------|
/// | ``authPayload``         | `io(url, { auth: { token } })`: the CONNECT packet `40{"token":"..."}` | on |
/// | ``authorizationHeader`` | `Authorization: Bearer <token>` on the handshake request (RFC 6750 §2.1) | on |
/// | ``query(_:)``           | `io(url, { query: { token } })`: `?token=...` in the URL (RFC 6750 §2.3) | off |
///
/// Why the auth payload is the recommended place: it travels inside the connection, after the handshake, so it
/// is never part of a URL. URLs end up in access logs, proxy logs, browser history and `Referer` headers, which
/// is why RFC 6750 §2.3 says the query form "SHOULD NOT be used" unless nothing else works, and §5.3 asks
/// clients not to put bearer tokens in page URLs. Browsers also cannot set headers on a WebSocket, so the
/// header form only suits non-browser clients (python-socketio's `headers=`, native apps). The query form
/// exists here because old clients (Socket.IO v2, whose CONNECT had no payload) had no other choice: enable it
/// knowingly.
public enum TokenSource: Sendable, Hashable {
    /// The `token` member of the CONNECT payload (`socket.handshake.auth.token` in Node).
    case authPayload
    /// The `Authorization` header of the handshake request, scheme `Bearer`.
    case authorizationHeader
    /// A query parameter of the handshake request, by name.
    case query(String)

    /// The sources a server reads unless told otherwise: the auth payload, then the `Authorization` header.
    public static let defaults: [TokenSource] = [.authPayload, .authorizationHeader]

    /// The token this source finds in `handshake`, or `nil` (absent, empty, or not a string).
    public func token(in handshake: Handshake) -> String? {
        let token: String?
        switch self {
        case .authPayload: token = handshake.auth["token"]?.stringValue
        case .authorizationHeader:
            token = handshake.headers["authorization"].flatMap(Self.bearerToken(fromAuthorization:))
        case .query(let name): token = handshake.query[name]
        }
        guard let token, !token.isEmpty else { return nil }
        return token
    }

    /// The first token found among `sources`, in order.
    public static func token(in handshake: Handshake, sources: [TokenSource]) -> String? {
        for source in sources {
            if let token = source.token(in: handshake) { return token }
        }
        return nil
    }

    /// The credentials of an `Authorization: Bearer <token>` header value, or `nil` for any other scheme.
    ///
    /// RFC 6750 §2.1 (with RFC 9110 §11.1): the scheme name is case-insensitive and separated from the
    /// credentials by one or more spaces; the credentials are a single token68, so anything after them is
    /// refused rather than guessed at.
    public static func bearerToken(fromAuthorization value: some StringProtocol) -> String? {
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }
}
