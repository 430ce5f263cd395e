// SPDX-License-Identifier: MIT

/// The `Content-Type` for a file name, from its extension.
///
/// Browsers need the right type: a script served as `text/plain` is refused under
/// `X-Content-Type-Options: nosniff`, and `.wasm` must be `application/wasm` for streaming compilation.
/// Text types say `charset=utf-8` so that non-ASCII text is not read as Latin-1.
///
/// ```swift
/// ContentType.forFileName("app.mjs")   // "text/javascript; charset=utf-8"
/// ```
package enum ContentType {
    /// The type for files with an unknown extension (RFC 9110 §8.3: "unknown binary data").
    package static let fallback = "application/octet-stream"

    private static let byExtension: [String: String] = [
        "html": "text/html; charset=utf-8",
        "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        // RFC 9239: JavaScript is text/javascript, for classic scripts and modules alike.
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "map": "application/json",
        "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "ico": "image/x-icon",
        "wasm": "application/wasm",
        "woff2": "font/woff2",
    ]

    /// The type for `name` (a file name or a path): matched on the text after the last `.`, ignoring case.
    package static func forFileName(_ name: some StringProtocol) -> String {
        let path = Substring(name)
        let fileName = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return fallback }
        return byExtension[fileName[fileName.index(after: dot)...].lowercased()] ?? fallback
    }
}
