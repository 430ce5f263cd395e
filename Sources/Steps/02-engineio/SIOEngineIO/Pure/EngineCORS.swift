// SPDX-License-Identifier: MIT

/// Cross-origin resource sharing for the polling transport: which web pages on other origins may talk to the
/// engine, and the `Access-Control-*` headers that tell the browser so (Fetch standard, "CORS protocol").
///
/// Node hands its `cors` option to the npm `cors` middleware, run on every engine HTTP request; it is off by
/// default, so no `Access-Control-*` header is sent unless you configure one. This type reproduces that
/// middleware's headers for the cases the kit supports. WebSocket is not subject to CORS (browsers send
/// `Origin` but do not enforce anything): filter WebSocket origins in the `allowRequest` hook.
///
/// ```swift
/// var configuration = EngineConfiguration()
/// configuration.cors = EngineCORS(origins: .list(["https://chat.example"]), credentials: true)
/// ```
public struct EngineCORS: Sendable {
    /// Which `Origin` header values get access.
    public enum AllowedOrigins: Sendable {
        /// Every origin: `Access-Control-Allow-Origin: *` (npm `cors` `origin: "*"`).
        /// Browsers refuse `*` on requests with credentials: use `.list` or `.predicate` with `credentials`.
        case any
        /// These exact origins (e.g. `https://chat.example`); an allowed request origin is echoed back.
        case list([String])
        /// Origins for which the closure returns `true`; an allowed request origin is echoed back.
        case predicate(@Sendable (String) -> Bool)
    }

    /// The status of a preflight answer (npm `cors` `optionsSuccessStatus`).
    public static let preflightStatusCode = 204

    /// Which page origins may call the server from a browser (`Access-Control-Allow-Origin`).
    public var origins: AllowedOrigins
    /// Adds `Access-Control-Allow-Credentials: true`, letting pages send cookies (`withCredentials`).
    public var credentials: Bool
    /// The methods a preflight allows. Defaults to npm `cors`' list.
    public var methods: [String]
    /// The request headers a preflight allows; `nil` echoes the browser's `Access-Control-Request-Headers`.
    public var allowedHeaders: [String]?
    /// Response headers that page scripts may read (`Access-Control-Expose-Headers`).
    public var exposedHeaders: [String]
    /// How long, in seconds, a browser may cache a preflight answer (`Access-Control-Max-Age`).
    public var maxAge: Int?

    /// CORS settings with npm `cors`' defaults: any origin, no credentials, the usual methods.
    public init(
        origins: AllowedOrigins = .any,
        credentials: Bool = false,
        methods: [String] = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"],
        allowedHeaders: [String]? = nil,
        exposedHeaders: [String] = [],
        maxAge: Int? = nil
    ) {
        self.origins = origins
        self.credentials = credentials
        self.methods = methods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAge = maxAge
    }

    /// The headers to add to an ordinary response (any method but `OPTIONS`) for a request with this `Origin`.
    public func responseHeaders(origin: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        var vary: [String] = []
        appendOrigin(origin, to: &headers, vary: &vary)
        if credentials { headers.append(("Access-Control-Allow-Credentials", "true")) }
        if !exposedHeaders.isEmpty {
            headers.append(("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ",")))
        }
        if !vary.isEmpty { headers.append(("Vary", vary.joined(separator: ", "))) }
        return headers
    }

    /// The headers of the answer to a preflight (`OPTIONS`) request, sent with status `preflightStatusCode`
    /// and an empty body. `requestHeaders` is the request's `Access-Control-Request-Headers`.
    public func preflightHeaders(origin: String?, requestHeaders: String?) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        var vary: [String] = []
        appendOrigin(origin, to: &headers, vary: &vary)
        if credentials { headers.append(("Access-Control-Allow-Credentials", "true")) }
        headers.append(("Access-Control-Allow-Methods", methods.joined(separator: ",")))
        let allowed: String?
        if let allowedHeaders {
            allowed = allowedHeaders.joined(separator: ",")
        } else {
            allowed = requestHeaders
            vary.append("Access-Control-Request-Headers")
        }
        if let allowed, !allowed.isEmpty { headers.append(("Access-Control-Allow-Headers", allowed)) }
        if let maxAge { headers.append(("Access-Control-Max-Age", String(maxAge))) }
        if !exposedHeaders.isEmpty {
            headers.append(("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ",")))
        }
        if !vary.isEmpty { headers.append(("Vary", vary.joined(separator: ", "))) }
        return headers
    }

    /// Whether a request from `origin` gets access. A request without `Origin` (curl, a server) only passes `.any`.
    public func allows(origin: String?) -> Bool {
        switch origins {
        case .any: return true
        case .list(let list): return origin.map(list.contains) ?? false
        case .predicate(let isAllowed): return origin.map(isAllowed) ?? false
        }
    }

    /// `*` for `.any`; otherwise the request's origin when allowed (nothing when not), plus `Vary: Origin`
    /// because the answer depends on the request (npm `cors` `configureOrigin`).
    private func appendOrigin(
        _ origin: String?, to headers: inout [(name: String, value: String)], vary: inout [String]
    ) {
        if case .any = origins {
            headers.append(("Access-Control-Allow-Origin", "*"))
            return
        }
        if let origin, allows(origin: origin) {
            headers.append(("Access-Control-Allow-Origin", origin))
        }
        vary.append("Origin")
    }
}
