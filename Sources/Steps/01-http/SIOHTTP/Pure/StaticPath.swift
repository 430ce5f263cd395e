// SPDX-License-Identifier: MIT

/// Turns a request path into the file path segments to look up under a static root, or refuses.
///
/// Path traversal (`GET /static/../../etc/passwd`) is the classic static-server hole, and it has
/// many spellings, so each is stopped at the cheapest point:
/// - `..` and `.` segments, after percent-decoding: covers `/static/../x` and `/static/%2e%2e/x`;
/// - `%2f` (and `%5c`, `%00`) in the *raw* target: decoding `..%2fx` makes a `/` the client never
///   sent as a separator, so the decoded path would split into different segments than the URL;
/// - backslashes and NUL in a decoded segment: a NUL would cut the C string handed to `open`;
/// - dotfiles (`.env`, `.git/config`): a static root often holds them by accident.
///
/// The result can only name something *lexically* inside the root. Symlinks can still point out of it,
/// which ``StaticFiles`` catches with `realpath`.
///
/// ```swift
/// StaticPath.segments(path: "/static/css/app.css", rawTarget: "/static/css/app.css", prefix: "/static")
/// // ["css", "app.css"]
/// ```
package enum StaticPath {
    /// The segments of `path` after `prefix`, or `nil` when the request must be refused (404).
    ///
    /// An empty array means the root itself. `path` is the decoded path (`HTTPRequest.path`),
    /// `rawTarget` the target as sent (`HTTPRequest.target`).
    package static func segments(path: String, rawTarget: String, prefix: String) -> [String]? {
        var prefix = Substring(prefix)
        while prefix.last == "/" { prefix.removeLast() }
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard rest.isEmpty || rest.first == "/" else { return nil }  // `/staticfoo` is not under `/static`
        guard !hasEncodedSeparator(URLComponentsDecoder.rawPath(of: rawTarget)) else { return nil }
        var segments: [String] = []
        for segment in rest.split(separator: "/", omittingEmptySubsequences: true) {
            guard segment.first != ".", !segment.contains("\\"), !segment.contains("\0") else { return nil }
            segments.append(String(segment))
        }
        return segments
    }

    /// True when `raw` contains `%2f`, `%5c` or `%00` (an encoded `/`, `\` or NUL), in any case.
    static func hasEncodedSeparator(_ raw: Substring) -> Bool {
        let bytes = Array(raw.utf8)
        guard bytes.count >= 3 else { return false }
        for index in 0..<bytes.count - 2 where bytes[index] == UInt8(ascii: "%") {
            let high = bytes[index + 1], low = bytes[index + 2] | 0x20
            if (high == UInt8(ascii: "2") && low == UInt8(ascii: "f")) || (high == UInt8(ascii: "5") && low == UInt8(ascii: "c"))
                || (high == UInt8(ascii: "0") && low == UInt8(ascii: "0")) {
                return true
            }
        }
        return false
    }
}
