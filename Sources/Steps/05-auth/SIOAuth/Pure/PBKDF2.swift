// SPDX-License-Identifier: MIT

/// PBKDF2 with HMAC-SHA-256 as its pseudorandom function (RFC 8018 §5.2).
///
/// Why: storing `SHA256(password)` lets an attacker who steals the table test billions of guesses
/// per second. PBKDF2 makes each guess cost `iterations` HMAC computations, and the per-user salt
/// stops one precomputed table from attacking every account. It is how the demo app stores
/// passwords: keep the salt, the iteration count and the derived key; to check a login, derive
/// again and compare with ``ConstantTime/equals(_:_:)``.
///
/// ```swift
/// let salt: [UInt8] = ... // 16 random bytes, stored next to the hash
/// let stored = PBKDF2.deriveKey(password: "hunter2".utf8, salt: salt, iterations: 600_000, keyByteCount: 32)
/// ```
///
/// RFC 8018 §5.2: the output is split into 32-byte blocks `T_1, T_2, ...`, each computed as
///
///     U_1 = PRF(P, S || INT(i))        INT(i): block index i as a 4-byte big-endian number
///     U_j = PRF(P, U_{j-1})            for j = 2 ... c
///     T_i = U_1 XOR U_2 XOR ... XOR U_c
///
/// and the derived key is the first `dkLen` bytes of `T_1 || T_2 || ...`.
package enum PBKDF2 {
    /// Derives `keyByteCount` bytes from a password and salt with `iterations` rounds of
    /// HMAC-SHA-256.
    ///
    /// The password is the HMAC key of every round, so it is keyed once and the keyed ``HMAC``
    /// value is copied each round: two block compressions per round instead of four.
    ///
    /// - Precondition: `iterations >= 1` and `1 <= keyByteCount <= (2^32 - 1) * 32`
    ///   (RFC 8018 §5.2 step 1, "derived key too long").
    package static func deriveKey(
        password: some Sequence<UInt8>,
        salt: some Sequence<UInt8>,
        iterations: Int,
        keyByteCount: Int
    ) -> [UInt8] {
        // Settings hold iterations to >= 1 and `PasswordHasher.verify` clamps stored counts: unreachable from input.
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        // Key sizes are the callers' constants (32 bytes), never input.
        precondition(keyByteCount >= 1, "PBKDF2 derives at least one byte")
        precondition(keyByteCount <= Int(UInt32.max) * HMAC.byteCount, "derived key too long (RFC 8018 §5.2)")
        let keyed = HMAC(key: password)
        let salt = Array(salt)
        var derived: [UInt8] = []
        derived.reserveCapacity(keyByteCount)
        var blockIndex: UInt32 = 1
        while derived.count < keyByteCount {
            let block = Self.block(blockIndex, keyed: keyed, salt: salt, iterations: iterations)
            derived += block.prefix(keyByteCount - derived.count)
            blockIndex += 1
        }
        return derived
    }

    /// Computes `T_i` (RFC 8018 §5.2 step 3, the function F).
    private static func block(_ index: UInt32, keyed: HMAC, salt: [UInt8], iterations: Int) -> [UInt8] {
        var mac = keyed
        mac.update(salt)
        mac.update([
            UInt8(truncatingIfNeeded: index &>> 24), UInt8(truncatingIfNeeded: index &>> 16),
            UInt8(truncatingIfNeeded: index &>> 8), UInt8(truncatingIfNeeded: index),
        ])
        var u = mac.finalize()
        var t = u
        for _ in 1..<iterations {
            mac = keyed
            mac.update(u)
            u = mac.finalize()
            for index in 0..<t.count {
                t[index] ^= u[index]
            }
        }
        return t
    }
}
