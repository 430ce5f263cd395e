// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOEngineIO

extension AdminUIConfiguration {
    /// The origin of the hosted UI. It connects cross-origin, with credentials (`withCredentials: true`, for
    /// cookie-based sticky sessions), so its polling requests need CORS: `EngineConfiguration.allowAdminUI()`.
    public static let hostedOrigin = "https://admin.socket.io"

    /// The `--name value` flag `init(options:)` reads: `--admin-ui USER:PASSWORD`.
    package static let optionNames: Set<String> = ["admin-ui"]
    /// The switch it reads: `--admin-ui-readonly`.
    package static let switchNames: Set<String> = ["admin-ui-readonly"]

    /// The step executables' flags: `nil` without `--admin-ui`; basic authentication with its `USER:PASSWORD`
    /// (split at the first colon, both non-empty), read-only with `--admin-ui-readonly`.
    package init?(options: CommandLineOptions) throws {
        guard let text = options.values["admin-ui"] else {
            if options.switches.contains("admin-ui-readonly") {
                throw CommandLineOptions.Invalid(description: "--admin-ui-readonly needs --admin-ui USER:PASSWORD")
            }
            return nil
        }
        self.init(authentication: try Self.basicAuthentication(text, name: "--admin-ui"))
        readonly = options.switches.contains("admin-ui-readonly")
    }

    /// `USER:PASSWORD` as basic authentication, or a one-line refusal naming `name`.
    package static func basicAuthentication(_ text: String, name: String) throws -> Authentication {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex
        else {
            throw CommandLineOptions.Invalid(description: "invalid \(name) (expected USER:PASSWORD)")
        }
        return .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }
}

extension EngineConfiguration {
    /// Lets the hosted Admin UI (`origin`, https://admin.socket.io by default) reach the engine from the browser:
    /// adds it to the CORS origins, with credentials, as the UI's requests carry them. Origins already allowed stay
    /// allowed; `.any` becomes "every origin, echoed", since browsers refuse `*` with credentials.
    public mutating func allowAdminUI(origin: String = AdminUIConfiguration.hostedOrigin) {
        var cors = self.cors ?? EngineCORS(origins: .list([]))
        switch cors.origins {
        case .any: cors.origins = .predicate { _ in true }
        case .list(let origins): cors.origins = .list(origins.contains(origin) ? origins : origins + [origin])
        case .predicate(let allowed): cors.origins = .predicate { $0 == origin || allowed($0) }
        }
        cors.credentials = true
        self.cors = cors
    }
}
