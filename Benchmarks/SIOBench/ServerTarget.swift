// SPDX-License-Identifier: MIT

/// Where the server under test listens, parsed from `--url ws://127.0.0.1:PORT[/path/]`.
///
/// The scheme only picks the default transport (`ws` for WebSocket, `http` for long-polling); the
/// path is the Engine.IO path, `/socket.io/` unless the URL names another one. Only IPv4 literals
/// and `localhost` are accepted: the loader connects with `Connection.connect`, which takes an
/// address, not a name to resolve.
struct ServerTarget: Equatable, CustomStringConvertible {
    var host: String
    var port: Int
    var path: String
    var prefersPolling: Bool

    /// The request target of an Engine.IO request: `/socket.io/?EIO=4&transport=...` plus `sid`.
    func requestPath(transport: String, sid: String? = nil) -> String {
        var target = "\(path)?EIO=4&transport=\(transport)"
        if let sid { target += "&sid=\(sid)" }
        return target
    }

    /// The `Host` header value.
    var hostHeader: String { "\(host):\(port)" }

    var description: String { "\(prefersPolling ? "http" : "ws")://\(host):\(port)\(path)" }

    init(host: String, port: Int, path: String = "/socket.io/", prefersPolling: Bool = false) {
        self.host = host
        self.port = port
        self.path = path
        self.prefersPolling = prefersPolling
    }

    /// Parses `ws://host:port/path`, `http://host:port`, and the bare `host:port`.
    init?(url text: String) {
        var rest = Substring(text)
        var polling = false
        for (scheme, isPolling) in [("ws://", false), ("http://", true)] where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            polling = isPolling
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        var path = String(rest[slash...])
        if path.isEmpty || path == "/" { path = "/socket.io/" }
        if !path.hasSuffix("/") { path += "/" }
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]),
              (1...65535).contains(port)
        else { return nil }
        let host = String(authority[..<colon])
        guard !host.isEmpty else { return nil }
        self.init(host: host == "localhost" ? "127.0.0.1" : host, port: port, path: path, prefersPolling: polling)
    }
}
