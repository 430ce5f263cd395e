// SPDX-License-Identifier: MIT

/// HMAC-SHA-256 (RFC 2104, with SHA-256 as the hash `H`): a message authentication code.
///
/// Why a plain hash is not enough: `SHA256(key || message)` can be extended by anyone who sees one
/// digest (length extension), so it proves nothing about who made it. HMAC hashes twice with the
/// key mixed in each time, which makes the output unforgeable without the key. RFC 7518 §3.2
/// uses it for the `HS256` algorithm of JSON Web Tokens.
///
/// RFC 2104 §2 defines
///
///     HMAC(K, text) = H(K XOR opad, H(K XOR ipad, text))
///
/// where `K` is the key padded with zeros to the block size B = 64 bytes (keys longer than B are
/// first replaced by `H(K)`), `ipad` is the byte 0x36 and `opad` the byte 0x5c repeated B times.
///
/// ```swift
/// let tag = HMAC.authenticationCode(for: "what do ya want for nothing?".utf8, key: "Jefe".utf8)
///
/// var mac = HMAC(key: "Jefe".utf8)          // key once ...
/// mac.update("what do ya want ".utf8)       // ... then stream the message
/// mac.update("for nothing?".utf8)
/// mac.finalize() == tag                     // true
/// ```
///
/// The initializer already hashes the two padded key blocks, and `HMAC` is a value type that never
/// allocates when copied. Keep one keyed value around and copy it for each message: that skips two
/// of the four block compressions per short message, the trick that makes ``PBKDF2`` fast
/// (RFC 2104 §4, "Implementation Note").
package struct HMAC: Sendable {
    /// Size of an authentication code in bytes (the SHA-256 digest size).
    package static let byteCount = SHA256.digestByteCount

    /// `H` after absorbing `K XOR ipad`; the message is appended to it.
    private var inner: SHA256
    /// `H` after absorbing `K XOR opad`; the inner digest is appended to it at the end.
    private var outer: SHA256

    /// Keys the MAC. Any key length works: longer than 64 bytes is hashed down to 32 first
    /// (RFC 2104 §2, "Applications that use keys longer than B bytes will first hash the key");
    /// shorter is padded with zeros. RFC 2104 §3 strongly discourages random keys shorter than the
    /// 32-byte output; ``JWT`` enforces that minimum.
    package init(key: some Sequence<UInt8>) {
        var block = Array(key)
        if block.count > SHA256.blockByteCount {
            block = SHA256.hash(block)
        }
        block += repeatElement(0, count: SHA256.blockByteCount - block.count)
        inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
    }

    /// Computes the authentication code of a whole message at once.
    package static func authenticationCode(for message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        var mac = HMAC(key: key)
        mac.update(message)
        return mac.finalize()
    }

    /// Appends bytes to the authenticated message.
    package mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    /// Returns the 32-byte code of the message so far. Like ``SHA256/finalize()`` it leaves `self`
    /// unchanged. To compare a received code with this one, use ``ConstantTime/equals(_:_:)``,
    /// never `==`.
    package func finalize() -> [UInt8] {
        var result = outer
        result.update(inner.finalize())
        return result.finalize()
    }
}
