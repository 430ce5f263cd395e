// SPDX-License-Identifier: MIT

import SIOJSON

/// The claims of a JSON Web Token: the JSON object carried in its payload (RFC 7519 §4).
///
/// The whole object is the single source of truth (``object``), kept in token order. The claims
/// this project reads are typed views onto it:
///
/// | property      | claim | meaning                                                      |
/// |---------------|-------|--------------------------------------------------------------|
/// | ``subject``   | `sub` | who the token is about: the user id (RFC 7519 §4.1.2)        |
/// | ``groupID``   | `gid` | the demo app's device group (a private claim, RFC 7519 §4.3) |
/// | ``issuedAt``  | `iat` | when it was issued (RFC 7519 §4.1.6)                         |
/// | ``notBefore`` | `nbf` | not valid before this time (RFC 7519 §4.1.5)                 |
/// | ``expiresAt`` | `exp` | not valid from this time on (RFC 7519 §4.1.4)                |
///
/// Times are NumericDate values (RFC 7519 §2): seconds since 1970-01-01T00:00:00Z, leap seconds
/// ignored, fractions allowed, so they are `Double` like every JSON number. Any other claim
/// (`iss`, `aud`, `role`, ...) is reachable with the subscript.
///
/// ```swift
/// var claims = JWTClaims(subject: "user-42", groupID: "kitchen", issuedAt: now, expiresAt: now + 3600)
/// claims["role"] = "admin"
/// claims.object     // {"sub":"user-42","gid":"kitchen","iat":...,"exp":...,"role":"admin"}
/// ```
///
/// A `JWTClaims` returned by ``JWT`` has been type-checked: when `sub`, `gid`, `iat`, `nbf` or `exp`
/// is present it has the type above, so a `nil` property means the claim is absent.
public struct JWTClaims: Sendable, Hashable {
    /// Every claim, in the order it appeared in the token (or was set).
    public var object: JSONObject

    /// Wraps a claims object as is. ``JWT`` checks the registered claims' types when it verifies.
    public init(_ object: JSONObject = [:]) {
        self.object = object
    }

    /// Builds claims from the typed fields, written in the order of the parameters; `nil` fields are
    /// left out.
    public init(
        subject: String? = nil,
        groupID: String? = nil,
        issuedAt: Double? = nil,
        notBefore: Double? = nil,
        expiresAt: Double? = nil
    ) {
        self.object = [:]
        self.subject = subject
        self.groupID = groupID
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
    }

    /// Any claim by name; assigning `nil` removes it.
    public subscript(name: String) -> JSON? {
        get { object[name] }
        set { object[name] = newValue }
    }

    /// `sub`: the principal the token is about (RFC 7519 §4.1.2).
    public var subject: String? {
        get { object["sub"]?.stringValue }
        set { object["sub"] = newValue.map(JSON.string) }
    }

    /// `gid`: the device group the demo app puts sockets in. A private claim name (RFC 7519 §4.3):
    /// short like the registered ones, and only meaningful between our issuer and our server.
    public var groupID: String? {
        get { object["gid"]?.stringValue }
        set { object["gid"] = newValue.map(JSON.string) }
    }

    /// `iat`: when the token was issued (RFC 7519 §4.1.6). Informational: ``JWT`` checks its type
    /// but not its value; use ``expiresAt`` to bound a token's life.
    public var issuedAt: Double? {
        get { object["iat"]?.doubleValue }
        set { object["iat"] = newValue.map(JSON.number) }
    }

    /// `nbf`: the token must not be accepted before this time (RFC 7519 §4.1.5).
    public var notBefore: Double? {
        get { object["nbf"]?.doubleValue }
        set { object["nbf"] = newValue.map(JSON.number) }
    }

    /// `exp`: the token must not be accepted on or after this time (RFC 7519 §4.1.4).
    public var expiresAt: Double? {
        get { object["exp"]?.doubleValue }
        set { object["exp"] = newValue.map(JSON.number) }
    }

    /// Checks that each claim with a typed property has that type when present.
    ///
    /// Why reject instead of ignoring: a verifier that silently skipped `"exp": "2030-01-01"` would
    /// accept the token forever. RFC 7519 §4.1.4 says `exp` MUST be a NumericDate.
    func validateTypes() throws(JWTError) {
        for name in ["sub", "gid"] {
            if let value = object[name], value.stringValue == nil {
                throw .malformed("claim \"\(name)\" must be a string")
            }
        }
        for name in ["iat", "nbf", "exp"] {
            if let value = object[name], value.doubleValue == nil {
                throw .malformed("claim \"\(name)\" must be a number")
            }
        }
    }
}
