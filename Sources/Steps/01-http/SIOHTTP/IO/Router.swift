// SPDX-License-Identifier: MIT

/// Handlers mounted by path prefix and method, tried in the order they were mounted.
///
/// A prefix ending in `/` matches everything below it (`/static/` matches `/static/a.css`); any
/// other prefix matches itself and its sub-paths (`/health` matches `/health` and `/health/db`, not
/// `/healthz`). A handler that returns `.pass` lets the next match try, and when none answers the
/// router answers `404`. This is how Engine.IO attaches to an HTTP server that already serves
/// pages: it mounts `/engine.io/` and leaves every other path alone.
package struct Router {
    struct Route {
        let prefix: String
        let methods: Set<String>?
        let handler: HTTPHandler
    }

    private var routes: [Route] = []

    package init() {}

    package mutating func mount(_ prefix: String, methods: Set<String>? = nil, _ handler: @escaping HTTPHandler) {
        routes.append(Route(prefix: prefix, methods: methods, handler: handler))
    }

    static func matches(path: String, prefix: String) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        if prefix.hasSuffix("/") || path.count == prefix.count { return true }
        return path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: prefix.utf8.count)] == UInt8(ascii: "/")
    }

    package func route(_ request: HTTPRequest, context: RequestContext) -> HTTPReply {
        // HEAD is GET without a body (RFC 9110 §9.3.2), so a GET route answers it too.
        let method = request.method == "HEAD" ? "GET" : request.method
        for route in routes where Self.matches(path: request.path, prefix: route.prefix) {
            if let methods = route.methods, !methods.contains(method) && !methods.contains(request.method) { continue }
            let reply = route.handler(request, context)
            if case .pass = reply { continue }
            return reply
        }
        return .response(HTTPResponse(status: .notFound, text: "Not Found\n"))
    }
}
