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

    // MARK: The loop that owns a session (one loop per core)

    /// A new id for a session of loop `loop` out of `loopCount` (an `HTTPServerGroup`). The first character's
    /// 6-bit value is `loop` modulo `loopCount`, so that any loop can tell from the id alone where the session
    /// lives and forward a request there, with no shared table and no lock. That character keeps
    /// log2(64 / loopCount) random bits: with 2 loops an id has 119 random bits, with 64 loops 114.
    public static func random(loop: Int, of loopCount: Int, using generator: inout some RandomNumberGenerator) -> SessionID {
        // The loop numbers come from `LoopGroup` (`--loops` is 1...64), never from a client's session id.
        precondition((1...64).contains(loopCount) && (0..<loopCount).contains(loop), "loop \(loop) of \(loopCount)")
        let id = random(using: &generator)
        guard loopCount > 1 else { return id }
        let choices = (63 - loop) / loopCount + 1
        let digit = loop + loopCount * Int.random(in: 0..<choices, using: &generator)
        // A byte whose top six bits are `digit` encodes to that digit's character first.
        let character = Base64.encodeURL([UInt8(digit << 2)]).prefix(1)
        return SessionID(rawValue: String(character) + id.rawValue.dropFirst())
    }

    /// `random(loop:of:using:)` with the system's cryptographically secure generator.
    public static func random(loop: Int, of loopCount: Int) -> SessionID {
        var generator = SystemRandomNumberGenerator()
        return random(loop: loop, of: loopCount, using: &generator)
    }

    /// The loop (out of `loopCount`) that owns this session. An id this server never issued (empty, or not
    /// base64url) maps to loop 0, which answers "Session ID unknown" like any other.
    public func loop(of loopCount: Int) -> Int {
        guard let first = rawValue.utf8.first, let digit = Base64.urlDigit(first) else { return 0 }
        return Int(digit) % loopCount
    }

    /// The id as sent on the wire.
    public var description: String { rawValue }
}
