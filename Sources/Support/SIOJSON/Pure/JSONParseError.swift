// SPDX-License-Identifier: MIT

/// Why a JSON text was rejected, and where: `offset` counts UTF-8 bytes from the start of the parser's input.
///
/// The offset makes a bad payload easy to find in a log: `unexpected byte 'a' (0x61) at offset 3`.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong at `offset`.
    public enum Reason: Sendable, Hashable {
        /// The text stopped in the middle of a value (`[1,`, `"abc`).
        case unexpectedEndOfInput
        /// A byte the grammar does not allow here: a stray character, a raw control character inside a
        /// string, a trailing comma, or anything after the value.
        case unexpectedByte(UInt8)
        /// A number outside the RFC 8259 §6 grammar: `01`, `1.`, `.5`, `+1`, `1e`, `-`.
        case invalidNumber
        /// A backslash escape outside RFC 8259 §7 (`\x`, `\u12G4`).
        case invalidEscape
        /// The bytes of a string are not valid UTF-8 (RFC 8259 §8.1: JSON text is UTF-8).
        case invalidUTF8
        /// Arrays and objects are nested deeper than the parser's limit.
        case tooDeep(limit: Int)
    }

    /// What was wrong.
    public var reason: Reason
    /// The byte offset in the input where it was found.
    public var offset: Int

    /// An error from its parts.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// `unexpected end of JSON input at offset 12`: for logs.
    public var description: String {
        switch reason {
        case .unexpectedEndOfInput:
            return "unexpected end of JSON input at offset \(offset)"
        case .unexpectedByte(let byte):
            let shown = (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))' " : ""
            let hex = String(byte, radix: 16, uppercase: true)
            return "unexpected byte \(shown)(0x\(byte < 0x10 ? "0" : "")\(hex)) at offset \(offset)"
        case .invalidNumber:
            return "invalid number at offset \(offset)"
        case .invalidEscape:
            return "invalid escape sequence at offset \(offset)"
        case .invalidUTF8:
            return "invalid UTF-8 in the string starting at offset \(offset)"
        case .tooDeep(let limit):
            return "JSON nested deeper than \(limit) levels at offset \(offset)"
        }
    }
}
