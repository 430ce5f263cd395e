// SPDX-License-Identifier: MIT

/// Comparisons whose running time does not depend on where the inputs differ.
///
/// Why: `==` on arrays returns at the first differing byte, so it answers a little faster when the
/// guess is wrong early. An attacker who can submit many tokens and time the replies can use that
/// to learn a valid HMAC one byte at a time, without ever knowing the key (a timing attack,
/// RFC 7515 §10.9). RFC 7518 §3.2 therefore requires the HS256 comparison to be "done in a
/// constant-time manner". So a verifier looks at every byte, collects the differences with OR, and
/// decides only at the end.
///
/// ```swift
/// guard ConstantTime.equals(received, HMAC.authenticationCode(for: signedPart, key: key)) else {
///     throw JWTError.badSignature
/// }
/// ```
package enum ConstantTime {
    /// Returns whether two byte sequences are equal, taking the same time for every pair of
    /// inputs of the same length.
    ///
    /// A length mismatch returns `false` at once: lengths are not secret (an HS256 signature is
    /// always 32 bytes), only the contents are.
    package static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
