// SPDX-License-Identifier: MIT

/// What the store keeps to check a password: never the password, only a slow hash of it.
///
/// The iteration count is stored with each hash so it can be raised later: old hashes still verify
/// with the count they were made with.
struct PasswordRecord: Sendable, Hashable {
    let hash: [UInt8]
    let salt: [UInt8]
    let iterations: Int
}
