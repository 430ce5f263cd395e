// SPDX-License-Identifier: MIT

import Foundation
import SIOAuth
import SIOHTTP
import SIOJSON
import SIOServer

/// The HTTP side of the notification server: JSON in, JSON out, and a Socket.IO push for every change.
///
/// | route                           | auth            | does                                                      |
/// |---------------------------------|-----------------|-----------------------------------------------------------|
/// | `POST /dev/token`               | none (dev only) | `{"user":"alice","group":"web"}` → `{"token":…}`          |
/// | `POST /dev/revoke`              | none (dev only) | `{"user":"mallory"}`: her tokens now get 403, her sockets are disconnected |
/// | `POST /notifications`           | none (a backend would call it) | `{"user":"alice","text":…}` or `{"group":"kitchen",…}` → `new-notification` |
/// | `GET /notifications`            | Bearer token    | the caller's notifications                                |
/// | `POST /notifications/<id>/read` | Bearer token    | marks it read → `updated-notification`                    |
/// | `POST /announcements`           | none            | `{"text":…,"audience":"everyone"|"authenticated"}` → `announcement` |
///
/// The Bearer routes verify the same JWT as the sockets, with the same 401/403 split.
struct NotificationRoutes {
    let io: Server
    let auth: Authenticator
    let tokens: DevelopmentTokens
    let store: NotificationStore
    let log: (String) -> Void

    func install(on http: HTTPServer) {
        http.mount("/dev/token", methods: ["POST"]) { request, _ in .response(issueToken(request)) }
        http.mount("/dev/revoke", methods: ["POST"]) { request, _ in .response(revoke(request)) }
        http.mount("/announcements", methods: ["POST"]) { request, _ in .response(announce(request)) }
        http.mount("/notifications", methods: ["GET", "POST"]) { request, _ in .response(notifications(request)) }
    }

    private func issueToken(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = Self.body(request), let user = body["user"]?.stringValue, !user.isEmpty else {
            return Self.error(.badRequest, #"expected {"user":"<name>","group":"<device group>"}"#)
        }
        let now = Date().timeIntervalSince1970
        let (token, claims) = tokens.token(user: user, group: body["group"]?.stringValue, now: now)
        var answer: JSONObject = ["token": .string(token)]
        for (key, value) in claims.object { answer[key] = value }
        return Self.json(.ok, .object(answer))
    }

    private func revoke(_ request: HTTPRequest) -> HTTPResponse {
        guard let user = Self.body(request)?["user"]?.stringValue, !user.isEmpty else {
            return Self.error(.badRequest, #"expected {"user":"<name>"}"#)
        }
        tokens.revoke(user)
        io.to("user:" + user).disconnectSockets(close: true)
        log("revoked \(user): tokens refused with 403 from now on, sockets disconnected")
        return Self.json(.ok, ["revoked": .string(user)])
    }

    private func announce(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = Self.body(request), let text = body["text"]?.stringValue else {
            return Self.error(.badRequest, #"expected {"text":"...","audience":"everyone"|"authenticated"}"#)
        }
        let audience = body["audience"]?.stringValue ?? "everyone"
        switch audience {
        case "everyone": io.emit("announcement", .string(text))
        case "authenticated": auth.emitAuthenticated("announcement", .string(text))
        default: return Self.error(.badRequest, "audience must be \"everyone\" or \"authenticated\"")
        }
        return Self.json(.ok, ["audience": .string(audience)])
    }

    private func notifications(_ request: HTTPRequest) -> HTTPResponse {
        let parts = request.path.split(separator: "/")
        switch (request.method, parts.count) {
        case ("POST", 1): return create(request)
        case ("GET", 1):
            return withClaims(request) { claims in
                Self.json(.ok, .array(store.visible(to: claims).map(\.json)))
            }
        case ("POST", 3) where parts[2] == "read":
            return withClaims(request) { claims in
                guard let id = Int(parts[1]), let record = store.record(id: id) else {
                    return Self.error(.notFound, "no such notification")
                }
                guard record.isVisible(to: claims), let updated = store.markRead(id: id) else {
                    return Self.error(.forbidden, "not your notification")
                }
                io.to(updated.room).emit("updated-notification", SocketIOValue(updated.json))
                return Self.json(.ok, updated.json)
            }
        default:
            return Self.error(.notFound, "no such route")
        }
    }

    private func create(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = Self.body(request), let text = body["text"]?.stringValue else {
            return Self.error(.badRequest, #"expected {"user":"<name>","text":"..."} or {"group":"<gid>",...}"#)
        }
        let user = body["user"]?.stringValue, group = body["group"]?.stringValue
        guard (user == nil) != (group == nil) else {
            return Self.error(.badRequest, "give exactly one of \"user\" and \"group\"")
        }
        let record = store.add(user: user, group: group, text: text)
        io.to(record.room).emit("new-notification", SocketIOValue(record.json))
        log("notification \(record.id) for \(record.room)")
        return Self.json(HTTPStatus(201, "Created"), record.json)
    }

    /// Runs `body` with the claims of the request's `Authorization: Bearer` token, or answers 401 / 403 / 500.
    private func withClaims(_ request: HTTPRequest, _ body: (JWTClaims) -> HTTPResponse) -> HTTPResponse {
        let token = request.headers["Authorization"].flatMap(TokenSource.bearerToken(fromAuthorization:))
        switch tokens.verifier().verify(token, now: Date().timeIntervalSince1970) {
        case .success(let claims):
            return body(claims)
        case .failure(let failure):
            log("HTTP \(request.method) \(request.path) refused: \(failure)")
            let status = [401: HTTPStatus(401, "Unauthorized"), 403: .forbidden][failure.status] ?? .internalServerError
            var response = Self.error(status, status.reason.lowercased())
            // RFC 6750 §3: a 401 names the scheme the client should use.
            if failure.status == 401 { response.headers.add(name: "WWW-Authenticate", value: "Bearer") }
            return response
        }
    }

    // MARK: JSON helpers

    private static func body(_ request: HTTPRequest) -> JSON? {
        guard let value = try? JSON.parse(request.body), value.objectValue != nil else { return nil }
        return value
    }

    private static func json(_ status: HTTPStatus, _ value: JSON) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", text: value.serialized() + "\n")
    }

    private static func error(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        json(status, ["error": .string(message)])
    }
}
