// SPDX-License-Identifier: MIT

/// Writes JSON text into a growing UTF-8 byte buffer, byte for byte as JavaScript's `JSON.stringify` does.
///
/// Why match `JSON.stringify` exactly? Socket.IO peers, test suites and logs compare wire text. Whatever a
/// Node server would send, we send the same bytes, so a diff against Node shows only real differences:
/// - no whitespace at all: `{"a":[1,2]}`;
/// - numbers as JavaScript prints them (`JavaScriptNumberFormatter`): `1`, not `1.0`; `NaN` and `±Infinity`
///   become `null`;
/// - in strings, only `"` and `\` and the control characters U+0000-U+001F are escaped. The short forms
///   `\b \f \n \r \t` are used where they exist, and the rest are `\u00XX` with lowercase hex. Everything
///   else, including non-ASCII text and U+2028/U+2029, is written as raw UTF-8.
///
/// The Socket.IO encoder writes its packet header and the payload into one serializer, so a packet costs
/// one buffer and one `String` at the end.
package struct JSONSerializer {
    package private(set) var bytes: [UInt8]

    package init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    package var string: String { String(decoding: bytes, as: UTF8.self) }

    package mutating func write(_ value: JSON) {
        switch value {
        case .null: writeNull()
        case .bool(let bool): writeBool(bool)
        case .number(let number): writeNumber(number)
        case .string(let string): writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            for (position, member) in object.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.key)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    package mutating func writeNull() { bytes.append(contentsOf: "null".utf8) }

    package mutating func writeBool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    package mutating func writeNumber(_ value: Double) { JavaScriptNumberFormatter.append(value, to: &bytes) }

    /// Appends an integer in decimal (used for Socket.IO ack ids and attachment counts).
    package mutating func writeInteger(_ value: Int) {
        JavaScriptNumberFormatter.appendInteger(Int64(value), to: &bytes)
    }

    /// Appends one byte as it is (punctuation such as `[` or `,`).
    package mutating func writeByte(_ byte: UInt8) { bytes.append(byte) }

    /// Appends bytes as they are, without quoting or escaping (packet headers, punctuation).
    package mutating func writeRaw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// Appends `value` as a quoted JSON string. Runs of bytes that need no escape are copied in one call.
    package mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (position, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: utf8[runStart..<position])
                appendEscape(for: byte)
                runStart = position + 1
            }
            bytes.append(contentsOf: utf8[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscape(for byte: UInt8) {
        let short: UInt8?
        switch byte {
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        default: short = nil
        }
        bytes.append(UInt8(ascii: "\\"))
        if let short {
            bytes.append(short)
        } else {
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
    }
}
