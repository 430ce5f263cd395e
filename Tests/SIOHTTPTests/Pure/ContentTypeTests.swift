// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

struct ContentTypeTests {
    @Test("maps file extensions to content types, ignoring case", arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("module.MJS", "text/javascript; charset=utf-8"),
        ("data.json", "application/json"),
        ("app.js.map", "application/json"),
        ("logo.svg", "image/svg+xml"),
        ("logo.PNG", "image/png"),
        ("photo.jpg", "image/jpeg"),
        ("anim.gif", "image/gif"),
        ("favicon.ico", "image/x-icon"),
        ("notes.txt", "text/plain; charset=utf-8"),
        ("lib.wasm", "application/wasm"),
        ("font.woff2", "font/woff2"),
        ("/static/dir.v2/app.js", "text/javascript; charset=utf-8"),
    ])
    func known(name: String, expected: String) {
        #expect(ContentType.forFileName(name) == expected)
    }

    @Test("falls back to application/octet-stream", arguments: ["README", "archive.tar.xz", ".bashrc", "dir.v2/file", "trailing."])
    func unknown(name: String) {
        #expect(ContentType.forFileName(name) == "application/octet-stream")
    }
}
