// SPDX-License-Identifier: MIT

/// Where Redis is and how to log in, from a `redis://` URL (the scheme of redis-cli `-u` and of every client
/// library; IANA "redis" URI scheme):
///
/// ```text
/// redis://127.0.0.1:6379            host and port (6379 when omitted)
/// redis://:secret@10.0.0.5/2        password "secret" (AUTH secret), database 2 (SELECT 2)
/// redis://app:secret@redis.local    user and password (AUTH app secret, Redis 6 ACLs)
/// ```
///
/// The host is an IPv4 address, `localhost`, or a name that is resolved (to IPv4) before each connection
/// attempt. `rediss://` (TLS) is refused rather than silently sent in clear text.
public struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var database: Int?

    public init(host: String = "127.0.0.1", port: Int = 6379, username: String? = nil, password: String? = nil, database: Int? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

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
        host = "127.0.0.1"
        port = 6379
        if let colon = rest.lastIndex(of: ":") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw Invalid(description: "invalid port in Redis URL '\(url)'")
            }
            port = number
            rest = rest[..<colon]
        }
        if !rest.isEmpty { host = String(rest) }
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else { throw Invalid(description: "invalid database in Redis URL '\(url)'") }
            database = number
        }
    }

    /// `redis://host:port/db`, without the password (for logs).
    public var description: String {
        "redis://\(host):\(port)" + (database.map { "/\($0)" } ?? "")
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
