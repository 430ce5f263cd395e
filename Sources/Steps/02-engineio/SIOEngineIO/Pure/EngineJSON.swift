// SPDX-License-Identifier: MIT

/// The two bits of JSON the engine writes itself: the handshake object and the error body.
///
/// Node writes both with `JSON.stringify`, so we match its output byte for byte: no spaces, keys in insertion
/// order, and strings escaped exactly as ECMA-262 `QuoteJSONString` does.
enum EngineJSON {
    /// A JSON string literal, quotes included, escaped like `JSON.stringify`:
    /// `"` and `\` get a backslash, `\b \f \n \r \t` their short forms, other control characters below U+0020
    /// become `\u00XX` with lowercase hex, and everything else (`/`, non-ASCII, U+2028) is written as is.
    static func quoted(_ string: String) -> String {
        // The common case (session ids, transport names): printable ASCII without `"` or `\`, nothing to escape.
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            return "\"" + string + "\""
        }
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A whole number of milliseconds, the unit of `pingInterval` and `pingTimeout` in the handshake.
    /// Sub-millisecond parts are dropped.
    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
