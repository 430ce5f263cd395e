// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves the files under a directory, such as the workshop's web page and its client script.
///
/// ```swift
/// let files = StaticFiles(root: "Public", urlPrefix: "/static")
/// server.mount("/static") { request, _ in .response(files.response(for: request)) }
/// ```
///
/// Security: ``StaticPath`` refuses `..`, encoded separators and dotfiles; then `realpath` resolves
/// symlinks and anything whose real path is outside the real root is refused too. Every refusal is a
/// 404, exactly like a missing file, so a probe cannot tell "exists but forbidden" from "absent".
///
/// Limits, kept on purpose for a teaching server: each file is read whole into memory (a production
/// server streams it in chunks and uses `sendfile`), and a symlink swapped in between the `realpath`
/// check and the `open` is not caught (Linux `openat2` with `RESOLVE_BENEATH` closes that gap).
public struct StaticFiles: Sendable {
    /// The directory served; relative paths are resolved against the working directory.
    public let root: String
    /// The URL path the root appears at, e.g. `/static`; `/` serves the root at the top.
    public let urlPrefix: String

    /// Serves the files under `root` at `urlPrefix`; mount it with `http.mount(urlPrefix) { files.reply(to: $0) }`.
    public init(root: String, urlPrefix: String) {
        self.root = root
        self.urlPrefix = urlPrefix
    }

    /// The response for `request`: the file, `304`, `301` to add a directory's `/`, `404` or `405`.
    ///
    /// GET and HEAD only; a HEAD response carries the file's `Content-Length` and no body
    /// (the server writes HEAD responses without a body anyway).
    public func response(for request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            // RFC 9110 §15.5.6: a 405 MUST list the allowed methods.
            var response = HTTPResponse(status: .methodNotAllowed, text: "Method Not Allowed\n")
            response.headers["Allow"] = "GET, HEAD"
            return response
        }
        guard let segments = StaticPath.segments(path: request.path, rawTarget: request.target, prefix: urlPrefix),
              let realRoot = Self.realPath(root),
              var file = Self.openFile(Self.join(realRoot, segments), inside: realRoot)
        else { return Self.notFound }
        var fileName = segments.last ?? ""
        var isIndex = false
        if file.isDirectory {
            file.closeDescriptor()
            // Without the slash, relative links in index.html would resolve against the parent directory.
            guard request.path.hasSuffix("/") else { return Self.redirectToDirectory(request) }
            guard let index = Self.openFile(Self.join(realRoot, segments + ["index.html"]), inside: realRoot) else {
                return Self.notFound
            }
            file = index
            fileName = "index.html"
            isIndex = true
        }
        defer { file.closeDescriptor() }
        // `app.js/` names a directory that does not exist, as `open("app.js/")` would say (ENOTDIR).
        guard file.isRegular, isIndex || !request.path.hasSuffix("/") else { return Self.notFound }

        var headers: HTTPHeaders = [
            "Content-Type": ContentType.forFileName(fileName),
            "Last-Modified": HTTPDate.format(secondsSince1970: file.modified),
            "X-Content-Type-Options": "nosniff",
        ]
        if Self.isNotModified(since: file.modified, request: request) {
            headers.remove(name: "Content-Type")
            return HTTPResponse(status: .notModified, headers: headers)
        }
        if request.method == "HEAD" {
            headers["Content-Length"] = String(file.size)
            return HTTPResponse(status: .ok, headers: headers)
        }
        guard let body = file.readAll() else {
            return HTTPResponse(status: .internalServerError, text: "Could not read the file\n")
        }
        return HTTPResponse(status: .ok, headers: headers, body: body)
    }

    private static let notFound = HTTPResponse(status: .notFound, text: "Not Found\n")

    /// RFC 9110 §13.1.3: not modified when the file's time (in whole seconds, as sent in
    /// Last-Modified) is not after the client's. Ignored when `If-None-Match` is present or the date is invalid.
    private static func isNotModified(since modified: Int, request: HTTPRequest) -> Bool {
        guard !request.headers.contains("If-None-Match"),
              let value = request.headers["If-Modified-Since"], let since = HTTPDate.parse(value)
        else { return false }
        return modified <= since
    }

    /// `301` to the same path with a trailing `/`, keeping the client's own encoding and query.
    ///
    /// Leading slashes are collapsed to one: `Location: //evil.example/` would send the browser to
    /// another host (the open redirect of CVE-2015-1164 in Express's serve-static).
    private static func redirectToDirectory(_ request: HTTPRequest) -> HTTPResponse {
        let raw = URLComponentsDecoder.rawPath(of: request.target).drop { $0 == "/" }
        let query = request.target.firstIndex(of: "?").map { String(request.target[$0...]) } ?? ""
        var response = HTTPResponse(status: .movedPermanently, text: "Moved Permanently\n")
        response.headers["Location"] = "/" + raw + "/" + query
        return response
    }

    private static func join(_ root: String, _ segments: [String]) -> String {
        root == "/" ? "/" + segments.joined(separator: "/") : ([root] + segments).joined(separator: "/")
    }

    /// `realpath(3)`: the absolute path with every symlink, `.` and `..` resolved, or `nil` if missing.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens `path` if its real path is `realRoot` or inside it; `nil` otherwise or on any error.
    private static func openFile(_ path: String, inside realRoot: String) -> OpenFile? {
        guard let real = realPath(path), real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/")
        else { return nil }
        return OpenFile(path: real)
    }
}

/// An open file descriptor and its `fstat`, read from the same descriptor so they describe one file.
private struct OpenFile {
    private let descriptor: Int32
    let isDirectory: Bool
    let isRegular: Bool
    let size: Int
    /// Seconds since 1970.
    let modified: Int

    init?(path: String) {
        // O_NOFOLLOW: the path is already resolved, so a symlink here means it was swapped in since.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegular = info.st_mode & S_IFMT == S_IFREG
        size = Int(info.st_size)
        #if canImport(Darwin)
        modified = Int(info.st_mtimespec.tv_sec)
        #else
        modified = Int(info.st_mtim.tv_sec)
        #endif
    }

    func closeDescriptor() {
        close(descriptor)
    }

    /// The whole file, or `nil` on a read error. Reads until end of file, so a file that grew since
    /// `fstat` is cut at the size reported then, and one that shrank is returned shorter.
    func readAll() -> [UInt8]? {
        guard size > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        var total = 0
        while total < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                // Never nil: `size > 0`, so the buffer is not empty.
                read(descriptor, buffer.baseAddress! + total, size - total)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            total += count
        }
        bytes.removeLast(size - total)
        return bytes
    }
}
