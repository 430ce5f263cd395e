// SPDX-License-Identifier: MIT

/// The cookie that carries the session id on the handshake response (Node's `cookie` option): a load balancer with
/// cookie-based sticky sessions reads it to send the session's next requests to the same server (docs/deploy.md).
///
/// Off by default, as in Node 4.x. `EngineCookie()` is what Node's `cookie: true` gives: name `io`, path `/`,
/// `HttpOnly`, `SameSite=Lax`. It is set on the polling handshake only (Node sets it in the polling transport's
/// `headers` event; a WebSocket-only session needs no stickiness).
///
/// ```swift
/// var configuration = EngineConfiguration()
/// configuration.cookie = EngineCookie()                       // Set-Cookie: io=<sid>; Path=/; HttpOnly; SameSite=Lax
/// configuration.cookie = EngineCookie(name: "lb", sameSite: .strict, secure: true)
/// ```
public struct EngineCookie: Sendable, Equatable {
    /// The `SameSite` attribute (RFC 6265bis §4.1.2.7): when a browser sends the cookie with a cross-site request.
    public enum SameSite: String, Sendable, Equatable {
        /// `SameSite=Strict`: same-site requests only.
        case strict = "Strict"
        /// `SameSite=Lax`: same-site requests and top-level navigations (the default of Node's `cookie: true`).
        case lax = "Lax"
        /// `SameSite=None`: every request; browsers require `Secure` with it.
        case none = "None"
        /// No `SameSite` attribute (Node's `sameSite: false`): the browser's default applies. A case rather than an
        /// optional, so that `.none` always means `SameSite=None`.
        case omitted = ""
    }

    /// The cookie's name, an RFC 6265 §4.1.1 `token` (Node's default `io`).
    public var name: String
    /// The `Path` attribute (RFC 6265 §5.2.4); `nil` leaves it out. Default `/`: every path of the site.
    public var path: String?
    /// The `Domain` attribute (RFC 6265 §5.2.3); `nil` (the default) limits the cookie to the server's host.
    public var domain: String?
    /// The `Max-Age` attribute in whole seconds (RFC 6265 §5.2.2); `nil` (the default) makes a session cookie.
    public var maxAge: Int?
    /// The `HttpOnly` attribute (RFC 6265 §5.2.6): page scripts cannot read the cookie. Default `true`.
    public var httpOnly: Bool
    /// The `Secure` attribute (RFC 6265 §5.2.5): sent over HTTPS only. Default `false`, as in Node.
    public var secure: Bool
    /// The `SameSite` attribute; `.omitted` leaves it out. Default `.lax`.
    public var sameSite: SameSite

    /// Node's `cookie: true` with any field changed: name `io`, path `/`, `HttpOnly`, `SameSite=Lax`.
    public init(
        name: String = "io", path: String? = "/", domain: String? = nil, maxAge: Int? = nil,
        httpOnly: Bool = true, secure: Bool = false, sameSite: SameSite = .lax
    ) {
        self.name = name
        self.path = path
        self.domain = domain
        self.maxAge = maxAge
        self.httpOnly = httpOnly
        self.secure = secure
        self.sameSite = sameSite
    }

    /// The `Set-Cookie` value for `value` (the session id), attributes in the order of npm `cookie`'s `serialize`,
    /// which Node uses: `Max-Age`, `Domain`, `Path`, `HttpOnly`, `Secure`, `SameSite`.
    ///
    /// ```
    /// io=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Lax
    /// ```
    public func setCookieValue(_ value: String) -> String {
        var text = name + "=" + value
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if let domain { text += "; Domain=" + domain }
        if let path { text += "; Path=" + path }
        if httpOnly { text += "; HttpOnly" }
        if secure { text += "; Secure" }
        if sameSite != .omitted { text += "; SameSite=" + sameSite.rawValue }
        return text
    }

    /// Why this cookie cannot be sent, or `nil` when it can: the name must be a `token` (RFC 9110 §5.6.2), and
    /// `Path` and `Domain` may hold no control character and no `;` (RFC 6265 §4.1.1), as npm `cookie` checks.
    /// `EngineServer` refuses to start with an invalid cookie rather than send a header browsers would misread.
    public var validationError: String? {
        if name.isEmpty || !name.unicodeScalars.allSatisfy(Self.isTokenCharacter) {
            return "cookie name '\(name)' is not an RFC 9110 token"
        }
        if let path, !Self.isAttributeValue(path) { return "cookie path '\(path)' holds a control character or ';'" }
        if let domain, !Self.isAttributeValue(domain) {
            return "cookie domain '\(domain)' holds a control character or ';'"
        }
        return nil
    }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII, scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains(scalar)
    }

    private static func isAttributeValue(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0 != ";" }
    }
}
