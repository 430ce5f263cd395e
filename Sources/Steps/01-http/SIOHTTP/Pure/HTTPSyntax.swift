// SPDX-License-Identifier: MIT

/// The byte-level grammar shared by the request head and the chunked trailer section.
///
/// Everything works on `[UInt8]` and integer indices: the parser never builds a `String` until a
/// piece (a method, a header value) is known to be valid, which keeps it fast and makes the rules
/// easy to read next to the ABNF they come from.
enum HTTPSyntax {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// `tchar` (RFC 9110 §5.6.2): the characters of methods, field names and transfer codings.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// A byte allowed inside a field value: visible ASCII, space, tab, or `obs-text` (0x80-0xFF).
    ///
    /// RFC 9110 §5.5: CR, LF and NUL inside a value MUST be rejected (or replaced); they are how
    /// header injection attacks smuggle a second header or a second request.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// True when every byte in `range` satisfies `isTokenChar` and the range is not empty.
    static func isToken(_ buffer: [UInt8], _ range: Range<Int>) -> Bool {
        !range.isEmpty && range.allSatisfy { isTokenChar(buffer[$0]) }
    }

    /// ASCII case-insensitive comparison of `buffer[range]` with a lowercase literal.
    static func equalsLowercased(_ buffer: [UInt8], _ range: Range<Int>, _ lowercase: StaticString) -> Bool {
        guard range.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { literal in
            var offset = 0
            for index in range {
                let byte = buffer[index]
                let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                guard folded == literal[offset] else { return false }
                offset += 1
            }
            return true
        }
    }

    /// `range` without leading and trailing spaces and tabs (RFC 9110 §5.6.3 `OWS`).
    static func trimmed(_ buffer: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isWhitespace(buffer[lower]) { lower += 1 }
        while upper > lower, isWhitespace(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Splits one field line (without its line ending) into the name and the trimmed value.
    ///
    /// RFC 9112 §5.1: `field-name ":" OWS field-value OWS`. Whitespace between the name and the colon
    /// MUST be rejected with 400: some proxies ignore it and some do not, which lets an attacker show
    /// them different headers. RFC 9112 §5.2: a line starting with whitespace continues the previous
    /// one (`obs-fold`); a server MAY reject it with 400, and we do, for the same reason.
    static func fieldLine(_ buffer: [UInt8], _ line: Range<Int>) -> Result<(name: Range<Int>, value: Range<Int>), HTTPParseError> {
        guard !line.isEmpty else { return .failure(.malformed("empty field line")) }
        if isWhitespace(buffer[line.lowerBound]) { return .failure(.malformed("obsolete line folding")) }
        guard let colon = line.first(where: { buffer[$0] == colon }) else {
            return .failure(.malformed("field line without a colon"))
        }
        let name = line.lowerBound..<colon
        guard !name.isEmpty else { return .failure(.malformed("empty field name")) }
        if isWhitespace(buffer[colon - 1]) { return .failure(.malformed("whitespace before the colon")) }
        guard isToken(buffer, name) else { return .failure(.malformed("invalid character in a field name")) }
        let value = trimmed(buffer, colon + 1..<line.upperBound)
        guard value.allSatisfy({ isFieldValueByte(buffer[$0]) }) else {
            return .failure(.malformed("invalid character in a field value"))
        }
        return .success((name, value))
    }

    /// Builds a `String` from bytes known to be valid; `obs-text` that is not UTF-8 becomes U+FFFD.
    static func string(_ buffer: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: buffer[range], as: UTF8.self)
    }
}
