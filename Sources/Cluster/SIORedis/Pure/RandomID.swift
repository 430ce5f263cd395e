// SPDX-License-Identifier: MIT

/// Short random identifiers, like the `uid2(6)` of the Node adapter: each server's `uid` and each request's
/// `requestId` (letters and digits, 62^6 ≈ 5.7e10 possibilities: a clash between two live requests is
/// negligible, and a clash between two servers would only make each ignore the other's broadcasts).
package enum RandomID {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// `length` characters drawn from `generator` (tests pass a seeded one).
    package static func make(length: Int = 6, using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// From the system's secure generator.
    package static func make(length: Int = 6) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(length: length, using: &generator)
    }
}
