// SPDX-License-Identifier: MIT

/// Splits a request target into its percent-decoded path and query items.
///
/// RFC 9112 §3.2 allows four target forms. A server that is not a proxy sees three of them:
/// - origin-form `/where?q=1`, what every browser and `curl` sends;
/// - absolute-form `http://host:3000/where?q=1`, which servers MUST accept (RFC 9112 §3.2.2);
///   the scheme and authority are dropped, so routes only ever see the path;
/// - asterisk-form `*`, only for `OPTIONS * HTTP/1.1` (the parser checks the method).
///
/// Decoding follows the WHATWG URL rules that Socket.IO clients use to build their URLs:
/// `%XX` becomes the byte `XX` everywhere, and `+` becomes a space only in the query
/// (`application/x-www-form-urlencoded`), never in the path.
///
/// ```swift
/// let (path, query) = URLComponentsDecoder.split(target: "/socket.io/?EIO=4&transport=polling")
/// // path == "/socket.io/", query == [("EIO", "4"), ("transport", "polling")]
/// ```
package enum URLComponentsDecoder {
    /// The path and query of `target`, decoded; never fails.
    ///
    /// A component with a broken escape (`%zz`, `%4`) or one that decodes to invalid UTF-8 is kept
    /// literally. The parser never lets such a target through (it calls ``decode(target:)`` and answers
    /// 400), so this leniency only matters for requests built by hand, in tests.
    package static func split(target: String) -> (path: String, query: [(name: String, value: String)]) {
        let (rawPath, rawQuery) = rawComponents(of: target)
        let path = percentDecode(rawPath) ?? String(rawPath)
        let query = queryPairs(rawQuery).map { name, value in
            (name: percentDecode(name, plusAsSpace: true) ?? String(name),
             value: percentDecode(value, plusAsSpace: true) ?? String(value))
        }
        return (path, query)
    }

    /// The path and query of `target`, or `nil` when the target is not a valid origin-form,
    /// absolute-form or asterisk-form target, or when one of its escapes is invalid.
    ///
    /// This is what the parser uses: a malformed target is answered with 400 (RFC 9112 §3.2).
    package static func decode(target: String) -> (path: String, query: [(name: String, value: String)])? {
        guard hasValidForm(target) else { return nil }
        let (rawPath, rawQuery) = rawComponents(of: target)
        guard let path = percentDecode(rawPath) else { return nil }
        var query: [(name: String, value: String)] = []
        for (rawName, rawValue) in queryPairs(rawQuery) {
            guard let name = percentDecode(rawName, plusAsSpace: true),
                  let value = percentDecode(rawValue, plusAsSpace: true)
            else { return nil }
            query.append((name, value))
        }
        return (path, query)
    }

    /// The path of `target` as sent, still percent-encoded: `/static/..%2fx` stays as is.
    ///
    /// Security checks need it, because decoding turns `%2f` into a `/` that was never a separator.
    package static func rawPath(of target: String) -> Substring {
        rawComponents(of: target).path
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`); `nil` when an escape is not
    /// `%` followed by two hex digits, or when the decoded bytes are not UTF-8.
    ///
    /// RFC 3986 §2.1 defines the escape; RFC 3986 §2.5 says text is UTF-8 before it is escaped.
    package static func percentDecode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        // Fast path: most paths and query values have nothing to decode, so no byte copying.
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            utf8.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "%"):
                guard index != utf8.endIndex, let high = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                guard index != utf8.endIndex, let low = hexValue(utf8[index]) else { return nil }
                utf8.formIndex(after: &index)
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The value of an ASCII hex digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Splits off the query (after the first `?`) and, for absolute-form, the `scheme://authority`.
    private static func rawComponents(of target: String) -> (path: Substring, query: Substring) {
        var rest = Substring(target)
        if let authorityStart = schemeEnd(in: rest) {
            rest = rest[authorityStart...]
            let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            rest = rest[pathStart...]
            if rest.first != "/" { rest = Substring("/" + rest) }  // RFC 9110 §4.2.3: an empty path means "/".
        }
        guard let mark = rest.firstIndex(of: "?") else { return (rest, "") }
        return (rest[..<mark], rest[rest.index(after: mark)...])
    }

    /// The index just past `scheme://` when `target` is absolute-form (RFC 3986 §3.1: a scheme is a
    /// letter followed by letters, digits, `+`, `-` or `.`).
    private static func schemeEnd(in target: Substring) -> Substring.Index? {
        let utf8 = target.utf8
        guard let first = utf8.first, isLetter(first) else { return nil }
        var index = utf8.index(after: utf8.startIndex)
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ":") {
                let rest = target[index...]
                return rest.hasPrefix("://") ? rest.utf8.index(rest.startIndex, offsetBy: 3) : nil
            }
            guard isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return nil }
            utf8.formIndex(after: &index)
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// `*`, a path starting with `/`, or `scheme://...`. Anything else (authority-form `host:443`,
    /// which only `CONNECT` uses, or a relative path) is not something this server can route.
    private static func hasValidForm(_ target: String) -> Bool {
        target == "*" || target.utf8.first == UInt8(ascii: "/") || schemeEnd(in: Substring(target)) != nil
    }

    /// `a=1&b&c=` -> `[("a", "1"), ("b", ""), ("c", "")]`; empty pieces (`a=1&&b=2`) are skipped,
    /// as `URLSearchParams` does.
    private static func queryPairs(_ query: Substring) -> [(Substring, Substring)] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return (pair, pair[pair.endIndex...]) }
            return (pair[..<equals], pair[pair.index(after: equals)...])
        }
    }
}
