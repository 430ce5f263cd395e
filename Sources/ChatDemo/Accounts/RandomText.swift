// SPDX-License-Identifier: MIT

import SIOEngineIO

/// Unguessable text from the system's secure random generator (`getrandom` on Linux).
enum RandomText {
    /// `byteCount` random bytes in base64url without padding: safe in URLs, JSON and on a terminal.
    static func make(byteCount: Int) -> String {
        Base64.encodeURL(bytes(count: byteCount))
    }

    static func bytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
