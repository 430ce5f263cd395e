// SPDX-License-Identifier: MIT

import Foundation

/// Every size limit of the app, in one place, and the checks that enforce them (docs/chatdemo.md lists them).
///
/// Limits keep one client from filling the disk or everyone's screen, and make the failure explicit: a
/// request over a limit gets a 4xx that names the limit, never a silent truncation.
enum Limits {
    /// User names: 1 to 32 characters, ASCII letters, digits, `_`, `-` and `.`, starting with a letter or
    /// a digit. ASCII only, so that `@name` mentions are unambiguous and two names cannot look alike.
    static let userNameLength = 1...32
    /// Passwords: 8 to 128 characters (the upper bound caps the PBKDF2 input a client can make us hash).
    static let passwordLength = 8...128
    /// ChatRoom names: 1 to 64 characters after trimming spaces, no control characters.
    static let roomNameLength = 1...64
    /// ChatRoom topics: up to 200 characters.
    static let topicLength = 0...200
    /// Message texts: 1 to 2000 characters.
    static let messageLength = 1...2000
    /// A client's own message id (for safe resending): 1 to 64 characters.
    static let clientIDLength = 1...64
    /// Messages or notifications per page: 50 unless asked, at most 200.
    static let defaultPageSize = 50
    static let maxPageSize = 200
    /// Rooms one `subscribe` may name.
    static let maxSubscriptions = 200
    /// HTTP API request bodies (the HTTP server itself refuses anything above 1 MiB before routing).
    static let maxBodyBytes = 16 * 1024
    /// Admin broadcast texts (`message_all_users`).
    static let adminMessageLength = 1...1000
    /// Email addresses: 3 to 254 characters (RFC 5321 §4.5.3.1.3 caps a path at 256 with its brackets).
    static let emailLength = 3...254
    /// Versions (edits) one message may have: an edit beyond them is refused with 409 until one is deleted.
    static let maxVersionsPerMessage = 50

    static func isUserNameCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii | 0x20 >= 0x61 && ascii | 0x20 <= 0x7A)
            || character == "_" || character == "-" || character == "."
    }

    static func checkUserName(_ name: String) throws(ChatError) {
        guard userNameLength.contains(name.count), name.allSatisfy(isUserNameCharacter),
              let first = name.first, first.isLetter || first.isNumber
        else {
            throw .badRequest("name must be 1 to 32 characters: letters, digits, '_', '-', '.', starting with a letter or digit")
        }
    }

    static func checkPassword(_ password: String) throws(ChatError) {
        guard passwordLength.contains(password.count) else { throw .badRequest("password must be 8 to 128 characters") }
    }

    /// The room name trimmed of surrounding spaces, or an error naming the limit.
    static func roomName(_ raw: String) throws(ChatError) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard roomNameLength.contains(name.count), !name.unicodeScalars.contains(where: isControl) else {
            throw .badRequest("room name must be 1 to 64 characters without control characters")
        }
        return name
    }

    static func checkTopic(_ topic: String) throws(ChatError) {
        guard topicLength.contains(topic.count), !topic.unicodeScalars.contains(where: isControl) else {
            throw .badRequest("topic must be at most 200 characters without control characters")
        }
    }

    static func checkMessageText(_ text: String) throws(ChatError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .badRequest("text must not be empty")
        }
        guard messageLength.contains(text.count) else { throw .badRequest("text must be 1 to 2000 characters") }
    }

    static func checkClientID(_ clientID: String) throws(ChatError) {
        guard clientIDLength.contains(clientID.count) else { throw .badRequest("clientId must be 1 to 64 characters") }
    }

    /// A plausible address: `local@domain`, one `@`, no spaces or control characters, within `emailLength`.
    /// Deliverability is not checked (the demo sends no mail); this only keeps garbage out of the store.
    static func checkEmail(_ email: String) throws(ChatError) {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard emailLength.contains(email.count), parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.unicodeScalars.contains(where: { isControl($0) || $0.properties.isWhitespace })
        else {
            throw .badRequest("email must be an address like name@example.org, 3 to 254 characters, without spaces")
        }
    }

    /// Control characters other than tab and line breaks (which a message text may hold).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control
    }
}
