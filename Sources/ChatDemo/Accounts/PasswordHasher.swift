// SPDX-License-Identifier: MIT

import SIOAuth

/// Hashes and checks passwords with PBKDF2-HMAC-SHA-256 and a random 16-byte salt per user.
///
/// The iteration count makes each guess of an attacker who stole the database cost that many HMACs.
/// 100 000 (the default) takes tens of milliseconds in a release build; a debug build is several times
/// slower, and tests pass a small count (`--pbkdf2-iterations`). Each record keeps its own count, so
/// raising it later does not lock anyone out.
///
/// Hashing is slow on purpose, so the server never does it on the event loop: `AccountService` runs it on
/// the `PasswordWorkPool` while the loop keeps serving everyone else.
struct PasswordHasher: Sendable {
    static let defaultIterations = 100_000
    static let saltByteCount = 16
    static let keyByteCount = 32

    let iterations: Int

    init(iterations: Int = PasswordHasher.defaultIterations) {
        // `--pbkdf2-iterations` is held to 1 or more at start (exit 2).
        precondition(iterations >= 1, "PBKDF2 needs at least one iteration")
        self.iterations = iterations
    }

    /// A new record for `password`, with a fresh salt from the system's secure generator.
    func makeRecord(for password: String) -> PasswordRecord {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hash = PBKDF2.deriveKey(password: password.utf8, salt: salt, iterations: iterations, keyByteCount: Self.keyByteCount)
        return PasswordRecord(hash: hash, salt: salt, iterations: iterations)
    }

    /// True if `password` derives the stored hash. The comparison takes the same time wherever the first
    /// differing byte is, so response times leak nothing about the stored hash.
    func verify(_ password: String, against record: PasswordRecord) -> Bool {
        let derived = PBKDF2.deriveKey(
            password: password.utf8, salt: record.salt, iterations: max(1, record.iterations), keyByteCount: Self.keyByteCount)
        return ConstantTime.equals(derived, record.hash)
    }

    /// A record that matches no password, checked when the user name does not exist: the login then costs
    /// the same time whether or not the name exists, so timing does not reveal which names are taken.
    var decoy: PasswordRecord {
        PasswordRecord(hash: [UInt8](repeating: 0, count: Self.keyByteCount), salt: [UInt8](repeating: 0, count: Self.saltByteCount),
                       iterations: iterations)
    }
}
