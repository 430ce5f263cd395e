// SPDX-License-Identifier: MIT

import SIOJSON

/// The check of the UI's login (`registerVerificationMiddleware` of `@socket.io/admin-ui`): the CONNECT auth
/// payload `{"username","password"}` against the configured pair.
///
/// Node stores a bcrypt hash and compares with `bcrypt.compare`; without bcrypt, the password is kept as given and
/// compared in constant time: the time taken depends on the lengths only, never on where the first difference is,
/// so a client cannot find the password one character at a time by timing refusals.
package struct AdminUICredentials: Sendable {
    package let username: [UInt8]
    package let password: [UInt8]

    package init(username: String, password: String) {
        self.username = Array(username.utf8)
        self.password = Array(password.utf8)
    }

    /// True when `auth` holds exactly this username and password (both compared, always, in constant time).
    package func accepts(_ auth: JSONObject) -> Bool {
        guard let name = auth["username"]?.stringValue, let secret = auth["password"]?.stringValue else { return false }
        let nameMatches = Self.constantTimeEqual(Array(name.utf8), username)
        let secretMatches = Self.constantTimeEqual(Array(secret.utf8), password)
        return nameMatches && secretMatches
    }

    /// Compares every byte of the longer input whatever the contents, accumulating differences instead of stopping.
    package static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt64(given.count ^ expected.count)
        for index in 0..<max(given.count, expected.count) {
            let left = index < given.count ? given[index] : 0
            let right = index < expected.count ? expected[index] : 0
            difference |= UInt64(left ^ right)
        }
        return difference == 0
    }
}
