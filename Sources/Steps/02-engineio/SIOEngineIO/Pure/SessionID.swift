// SPDX-License-Identifier: MIT

/// An Engine.IO session id, the `sid` of the handshake and of every later request.
///
/// Whoever knows the id can read and write the session over long-polling, so it must be unguessable. Node's
/// `base64id` draws random bytes from `crypto.randomBytes` and writes 15 bytes as 20 base64 characters; we draw all
/// 15 bytes from `SystemRandomNumberGenerator` (the kernel's CSPRNG: `getrandom` on Linux, `arc4random` on
/// Darwin) and write them in base64url (RFC 4648 §5), which needs no escaping in a URL: 120 random bits.
///
/// ```swift
/// let sid = SessionID.random()          // e.g. "x3Kq_5TzV0b9-1mWcHs2"
/// let same = SessionID(rawValue: "x3Kq_5TzV0b9-1mWcHs2")   // read back from a query string
/// ```
public struct SessionID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The id as it appears on the wire.
    public let rawValue: String

    /// Wraps any string, e.g. a `sid` query parameter (which may or may not name a live session).
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The number of random bytes in a generated id; 15 bytes make exactly 20 base64 characters.
    public static let randomByteCount = 15

    /// A new id from the system's cryptographically secure generator.
    public static func random() -> SessionID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A new id from `generator`. Tests pass a seeded generator to get predictable ids;
    /// production code must use `random()`.
    ///
    /// The bytes come eight at a time from `generator.next()`: with the system generator each call is a
    /// `getrandom` system call, and asking byte by byte made 15 of them for every connection.
    public static func random(using generator: inout some RandomNumberGenerator) -> SessionID {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(randomByteCount + 7)
        while bytes.count < randomByteCount {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return SessionID(rawValue: Base64.encodeURL(Array(bytes.prefix(randomByteCount))))
    }

    public var description: String { rawValue }
}
