// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
import Testing

/// Each test gets a fresh temporary site:
///
/// ```text
/// <base>/Package.swift                 a secret outside the root
/// <base>/public/                       the root, served at /static
///     index.html, app.js, ...          one file per known extension
///     docs/index.html, empty/
///     .env                             a dotfile
///     inside -> app.js                 a symlink that stays in the root
///     escape -> /etc/passwd            symlinks that leave it
///     escape-dir -> <base>
///     sneaky/index.html -> <base>/Package.swift
/// ```
final class StaticFilesTests {
    let base: String
    let files: StaticFiles
    static let secret = "SECRET outside the root"
    static let modified = 784_111_777
    static let lastModified = "Sun, 06 Nov 1994 08:49:37 GMT"
    static let typedFiles = [
        "index.html", "app.js", "module.mjs", "style.css", "data.json", "app.js.map", "logo.svg", "logo.png",
        "photo.jpg", "anim.gif", "favicon.ico", "notes.txt", "lib.wasm", "font.woff2", "README",
    ]

    init() throws {
        let manager = FileManager.default
        base = manager.temporaryDirectory.appendingPathComponent("sio-static-\(UUID().uuidString)").path
        let root = base + "/public"
        for directory in [root + "/docs", root + "/empty", root + "/sneaky"] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try write(base + "/Package.swift", Self.secret)
        for name in Self.typedFiles { try write(root + "/" + name, "content of \(name)") }
        try write(root + "/docs/index.html", "<h1>docs</h1>")
        try write(root + "/.env", Self.secret)
        try manager.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(Self.modified))],
                                  ofItemAtPath: root + "/app.js")
        try manager.createSymbolicLink(atPath: root + "/inside", withDestinationPath: "app.js")
        try manager.createSymbolicLink(atPath: root + "/escape", withDestinationPath: "/etc/passwd")
        try manager.createSymbolicLink(atPath: root + "/escape-dir", withDestinationPath: base)
        try manager.createSymbolicLink(atPath: root + "/sneaky/index.html", withDestinationPath: base + "/Package.swift")
        files = StaticFiles(root: root, urlPrefix: "/static")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }

    func get(_ target: String, method: String = "GET", headers: HTTPHeaders = [:], from files: StaticFiles? = nil) -> HTTPResponse {
        (files ?? self.files).response(for: HTTPRequest(method: method, target: target, headers: headers))
    }

    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("serves each file with the content type of its extension", arguments: typedFiles)
    func servesFile(name: String) {
        let response = get("/static/" + name)
        #expect(response.status == .ok)
        #expect(text(response) == "content of \(name)")
        #expect(response.headers["Content-Type"] == ContentType.forFileName(name))
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
    }

    @Test("serves index.html for a directory whose path ends with a slash")
    func indexFile() {
        #expect(text(get("/static/")) == "content of index.html")
        #expect(get("/static/").headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(text(get("/static/docs/")) == "<h1>docs</h1>")
    }

    @Test("redirects a directory without its slash, keeping the query", arguments: [
        ("/static/docs", "/static/docs/"), ("/static/docs?x=1", "/static/docs/?x=1"), ("/static", "/static/"),
    ])
    func redirectsDirectory(target: String, location: String) {
        let response = get(target)
        #expect(response.status == .movedPermanently)
        #expect(response.headers["Location"] == location)
    }

    @Test("never redirects to another host when the path starts with several slashes")
    func noOpenRedirect() {
        let atTop = StaticFiles(root: base, urlPrefix: "/")
        let response = get("//public", from: atTop)
        #expect(response.status == .movedPermanently)
        #expect(response.headers["Location"] == "/public/")
    }

    @Test("answers 404 for a missing file and a directory without index.html")
    func missing() {
        #expect(get("/static/missing.txt").status == .notFound)
        #expect(get("/static/empty/").status == .notFound)
        #expect(get("/static/app.js/").status == .notFound, "a file is not a directory")
        #expect(get("/static/index.html/").status == .notFound, "a file is not a directory")
    }

    @Test("answers HEAD with the file's Content-Length and no body")
    func head() {
        let response = get("/static/app.js", method: "HEAD")
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
        #expect(response.headers["Content-Length"] == String("content of app.js".utf8.count))
        #expect(response.encoded(headOnly: true).count == response.encodedHead().count)
    }

    @Test("answers 405 with Allow to methods other than GET and HEAD", arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func methodNotAllowed(method: String) {
        let response = get("/static/app.js", method: method)
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    @Test("sends Last-Modified from the file's modification time")
    func lastModified() {
        #expect(get("/static/app.js").headers["Last-Modified"] == Self.lastModified)
    }

    @Test("answers 304 when the file is not newer than If-Modified-Since", arguments: [
        lastModified, "Sun, 06 Nov 1994 08:49:38 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    ])
    func notModified(since: String) {
        let response = get("/static/app.js", headers: ["If-Modified-Since": since])
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(response.headers["Last-Modified"] == Self.lastModified)
        #expect(get("/static/app.js", method: "HEAD", headers: ["If-Modified-Since": since]).status == .notModified)
    }

    static let modifiedCases: [HTTPHeaders] = [
        ["If-Modified-Since": "Sun, 06 Nov 1994 08:49:36 GMT"],
        ["If-Modified-Since": "not a date"],
        ["If-Modified-Since": lastModified, "If-None-Match": "\"abc\""],
    ]

    @Test("sends the file when it is newer, the date is invalid, or If-None-Match is present", arguments: modifiedCases)
    func modified(headers: HTTPHeaders) {
        let response = get("/static/app.js", headers: headers)
        #expect(response.status == .ok)
        #expect(text(response) == "content of app.js")
    }

    @Test("answers 404, never the secret, to traversal and symlink escapes", arguments: [
        "/static/../Package.swift",
        "/static/%2e%2e/Package.swift",
        "/static/..%2fPackage.swift",
        "/static/docs/..%2F..%2FPackage.swift",
        "/static/%2e%2e%2fPackage.swift",
        "/static/..\\Package.swift",
        "/static/docs\\..\\..\\Package.swift",
        "/static/app.js%00.txt",
        "/static/.env",
        "/static/escape",
        "/static/escape-dir/Package.swift",
        "/static/sneaky/",
        "/staticfoo",
    ])
    func refusesEscapes(target: String) {
        let response = get(target)
        #expect(response.status == .notFound)
        #expect(!text(response).contains("SECRET") && !text(response).contains("root:"))
    }

    @Test("follows a symlink that stays inside the root")
    func symlinkInside() {
        #expect(text(get("/static/inside")) == "content of app.js")
    }

    @Test("serves the root at / and answers 404 when the root does not exist")
    func prefixAndMissingRoot() {
        #expect(text(get("/notes.txt", from: StaticFiles(root: base + "/public", urlPrefix: "/"))) == "content of notes.txt")
        #expect(text(get("/static/notes.txt", from: StaticFiles(root: base + "/public/", urlPrefix: "/static/"))) == "content of notes.txt")
        #expect(get("/static/app.js", from: StaticFiles(root: base + "/nope", urlPrefix: "/static")).status == .notFound)
    }
}
