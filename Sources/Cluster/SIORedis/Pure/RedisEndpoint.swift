// SPDX-License-Identifier: MIT

/// Where Redis is and how to log in, from a `redis://` URL (the scheme of redis-cli `-u` and of every client
/// library; IANA "redis" URI scheme):
///
/// ```text
/// redis://127.0.0.1:6379            host and port (6379 when omitted)
/// redis://:secret@10.0.0.5/2        password "secret" (AUTH secret), database 2 (SELECT 2)
/// redis://app:secret@redis.local    user and password (AUTH app secret, Redis 6 ACLs)
/// redis://[::1]:6379                an IPv6 address, in brackets (RFC 3986 §3.2.2)
/// ```
///
/// The host is an IPv4 or IPv6 address, or a name (`localhost` included) that is resolved, to both families,
/// before each connection attempt. `rediss://` (TLS) is refused rather than silently sent in clear text.
public struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address, an IPv6 address without brackets (`::1`), or a host name.
    public var host: String
    /// The TCP port; Redis listens on 6379 by default.
    public var port: Int
    /// The ACL user of `AUTH user password` (Redis 6); `nil` sends `AUTH password` (the `default` user).
    public var username: String?
    /// The password sent with `AUTH` right after connecting; `nil` sends no `AUTH`.
    public var password: String?
    /// The database selected with `SELECT` after connecting; `nil` keeps database 0. Pub/sub ignores it
    /// (channels are global to the server), but the adapter's request/response keys do not.
    public var database: Int?

    /// An endpoint from its parts; the defaults are a Redis on this machine with no password.
    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil, database: Int? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// A URL this type cannot read, with a sentence that says what is wrong (for the start-up error).
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, quoting the URL.
        public let description: String
    }

    /// Reads a `redis://[user[:password]@]host[:port][/database]` URL, as redis-cli `-u` does.
    ///
    /// - Throws: `Invalid` for another scheme (`rediss://` included), a port outside 1...65535, a database
    ///   that is not a number, or an IPv6 address without its brackets.
    public init(url: String) throws(Invalid) {
        guard url.hasPrefix("redis://") else {
            throw Invalid(description: "a Redis URL starts with redis:// (TLS, rediss://, is not supported), got '\(url)'")
        }
        var rest = Substring(url.dropFirst("redis://".count))
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : Self.percentDecoded(user)
                password = Self.percentDecoded(credentials[credentials.index(after: colon)...])
            } else {
                password = Self.percentDecoded(credentials)
            }
        }
        (host, port) = try Self.hostAndPort(rest, url: url)
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else { throw Invalid(description: "invalid database in Redis URL '\(url)'") }
            database = number
        }
    }

    /// `redis://host:port/db` (`redis://[::1]:6379` for IPv6), without the password (for logs).
    public var description: String {
        let authority = host.contains(":") ? "[\(host)]" : host
        return "redis://\(authority):\(port)" + (database.map { "/\($0)" } ?? "")
    }

    /// The host and port of `host[:port]` or `[ipv6][:port]`; `127.0.0.1` and 6379 when left out.
    private static func hostAndPort(_ authority: Substring, url: String) throws(Invalid) -> (String, Int) {
        var rest = authority
        var host = "127.0.0.1"
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: rest.startIndex)..<close].contains(":") else {
                throw Invalid(description: "invalid IPv6 address in Redis URL '\(url)' (write it as [::1])")
            }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { throw Invalid(description: "invalid port in Redis URL '\(url)'") }
        }
        var port = 6379
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw Invalid(description: "invalid port in Redis URL '\(url)'")
            }
            port = number
            rest = rest[..<colon]
        }
        if !rest.isEmpty {
            guard !rest.contains(":") else {
                throw Invalid(description: "an IPv6 address in a Redis URL goes in brackets ('redis://[::1]:6379'), got '\(url)'")
            }
            host = String(rest)
        }
        return (host, port)
    }

    /// `%40` -> `@` in user names and passwords; an invalid escape is kept as written.
    private static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
