// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOJSON
import SIOServer

/// The JSON API's routes: method plus a path pattern with `:id` segments, and who may call each.
///
/// `SIOHTTP`'s router matches path prefixes, which suits mounting whole subsystems (`/socket.io/`, `/api/`);
/// an API needs ids in the middle of paths (`/api/rooms/3/messages`), so the app mounts one handler at
/// `/api/` and this table picks the route. It also owns what every route shares:
/// - access: `.anyone`, `.user` (a valid `Authorization: Bearer <token>` whose user still exists), `.admin`;
/// - errors: every refusal is `{"error":"..."}` with a 4xx status that names the problem, including
///   unknown paths (404) and wrong methods (405 with `Allow`);
/// - responses: `application/json`, never cached.
///
/// ```swift
/// router.add("GET", "/api/rooms/:id", access: .user) { request in
///     .ok(try chat.visibleRoom(request.parameter("id"), for: request.currentUser).json)
/// }
/// ```
final class APIRouter {
    enum Access {
        case anyone
        case user
        case admin
    }

    /// Throws `ChatError` for a refusal; anything else is logged and answered `500`.
    typealias Handler = (APIRequest) throws -> APIReply

    private struct Route {
        let method: String
        let segments: [Substring]
        let access: Access
        let handler: Handler
    }

    private var routes: [Route] = []
    private let accounts: AccountService
    private let logger: Logger
    /// Peers whose `X-Forwarded-For` names the client (`ClientAddress`).
    private let trustedProxies: Set<String>

    init(accounts: AccountService, logger: Logger, trustedProxies: Set<String> = []) {
        self.accounts = accounts
        self.logger = logger
        self.trustedProxies = trustedProxies
    }

    func add(_ method: String, _ pattern: String, access: Access, _ handler: @escaping Handler) {
        routes.append(Route(method: method, segments: pattern.split(separator: "/"), access: access, handler: handler))
    }

    /// The answer to an HTTP request under `/api/`.
    func handle(_ request: HTTPRequest, context: RequestContext) -> HTTPReply {
        let segments = request.path.split(separator: "/")
        let matches = routes.compactMap { route in Self.match(route.segments, segments).map { (route, $0) } }
        guard !matches.isEmpty else {
            return .response(Self.error(.notFound("no such endpoint: \(request.method) \(request.path)")))
        }
        guard let (route, parameters) = matches.first(where: { $0.0.method == request.method }) else {
            var response = Self.error(ChatError(405, "\(request.method) is not allowed on \(request.path)"))
            response.headers["Allow"] = matches.map(\.0.method).joined(separator: ", ")
            return .response(response)
        }
        do {
            let address = ClientAddress.of(request, peer: context.remoteAddress, trustedProxies: trustedProxies)
            let apiRequest = try authorize(request, route: route, parameters: parameters, address: address)
            return reply(try route.handler(apiRequest), context: context)
        } catch let error as ChatError {
            return .response(Self.error(error))
        } catch {
            logger.error("\(request.method) \(request.path) failed: \(error)")
            return .response(Self.error(.internalError))
        }
    }

    private func authorize(
        _ request: HTTPRequest, route: Route, parameters: [String: Int], address: String
    ) throws(ChatError) -> APIRequest {
        guard route.access != .anyone else {
            return APIRequest(http: request, parameters: parameters, user: nil, claims: nil, clientAddress: address)
        }
        guard let header = request.headers["Authorization"] else {
            throw .unauthorized("missing 'Authorization: Bearer <token>' header")
        }
        guard let token = Self.bearerToken(header) else { throw .unauthorized("the Authorization header must be 'Bearer <token>'") }
        let (user, claims) = try accounts.authenticate(token: token)
        if route.access == .admin, !user.isAdmin {
            logger.warn("refused \(request.method) \(request.path) by \(user.name) (#\(user.id)): admins only")
            throw .forbidden("admins only")
        }
        return APIRequest(http: request, parameters: parameters, user: user, claims: claims, clientAddress: address)
    }

    private func reply(_ reply: APIReply, context: RequestContext) -> HTTPReply {
        guard case .later(let start) = reply else { return .response(Self.response(for: reply)) }
        let writer = context.deferResponse()
        start { result in
            switch result {
            case .success(let inner): writer.send(Self.response(for: inner))
            case .failure(let error): writer.send(Self.error(error))
            }
        }
        return .deferred(writer)
    }

    /// The response of a reply that is ready (a `.later` inside a `.later` is a bug: 500).
    private static func response(for reply: APIReply) -> HTTPResponse {
        switch reply {
        case .json(let status, let body): return json(status, body)
        case .noContent: return HTTPResponse(status: HTTPStatus(204, "No Content"), headers: ["Cache-Control": "no-store"])
        case .later: return error(.internalError)
        }
    }

    /// The parameters if `pattern` matches `path` segment by segment (`:name` takes a positive integer).
    private static func match(_ pattern: [Substring], _ path: [Substring]) -> [String: Int]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: Int] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix(":") {
                guard actual.allSatisfy(\.isASCII), let id = Int(actual), id > 0 else { return nil }
                parameters[String(expected.dropFirst())] = id
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }

    private static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    static func json(_ status: Int, _ body: JSON) -> HTTPResponse {
        HTTPResponse(
            status: HTTPStatus(status, reason(status)),
            headers: ["Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"],
            body: body.serializedBytes())
    }

    /// `{"error":"..."}`; a 401 also says how to authenticate (RFC 6750 §3: `WWW-Authenticate: Bearer`), a 429
    /// or 503 when to come back (`Retry-After` in seconds, RFC 9110 §10.2.3).
    static func error(_ error: ChatError) -> HTTPResponse {
        var response = json(error.status, ["error": .string(error.message)])
        if error.status == 401 { response.headers["WWW-Authenticate"] = "Bearer" }
        if let seconds = error.retryAfter { response.headers["Retry-After"] = String(seconds) }
        return response
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 503: return "Service Unavailable"
        default: return status < 500 ? "Client Error" : "Internal Server Error"
        }
    }
}
