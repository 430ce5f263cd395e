// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOJSON

/// One API request as a handler sees it: the HTTP request, the ids in its path, and who sent it.
struct APIRequest {
    let http: HTTPRequest
    /// The `:name` segments of the route's pattern, e.g. `["id": 3]` for `/api/rooms/3`.
    let parameters: [String: Int]
    /// The authenticated user (routes with `.user` or `.admin` access), read from the store.
    let user: User?
    let claims: TokenClaims?
    /// Where the request comes from, for login throttling (`ClientAddress`).
    let clientAddress: String

    /// The user of an authenticated route (the router guarantees one).
    /// Unreachable when nil: the router answers 401 before a `.user` or `.admin` route runs without one.
    var currentUser: User { user! }

    /// The user and the device (token `gid`) the request came from.
    var origin: Origin { Origin(user: currentUser, groupID: claims?.groupID) }

    func parameter(_ name: String) -> Int { parameters[name] ?? 0 }

    /// The body as a JSON object, with errors that say what is wrong with it.
    ///
    /// The size is checked here against the API's own limit (16 KiB), below the HTTP server's (1 MiB): a
    /// chat request is small, and anything bigger is a mistake or an attack.
    func body() throws(ChatError) -> JSONObject {
        guard http.body.count <= Limits.maxBodyBytes else {
            throw .tooLarge("request body is \(http.body.count) bytes; the limit is \(Limits.maxBodyBytes)")
        }
        guard !http.body.isEmpty else { throw .badRequest("request body is empty; expected a JSON object") }
        let json: JSON
        do {
            json = try JSON.parse(http.body)
        } catch {
            throw .badRequest("request body is not valid JSON: \(error)")
        }
        guard case .object(let object) = json else { throw .badRequest("request body must be a JSON object") }
        return object
    }

    /// A query parameter as an integer in `range`; `fallback` when absent.
    func queryInt(_ name: String, in range: ClosedRange<Int>, default fallback: Int?) throws(ChatError) -> Int? {
        guard let text = http.query(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badRequest("query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

extension OrderedObject where Value == JSON {
    /// The string member `key`; 400 naming the member when missing or not a string.
    func requiredString(_ key: String) throws(ChatError) -> String {
        guard let value = self[key] else { throw .badRequest("'\(key)' is required") }
        guard case .string(let text) = value else { throw .badRequest("'\(key)' must be a string") }
        return text
    }

    /// The string member `key`, `nil` when absent or null; 400 when it is another type.
    func optionalString(_ key: String) throws(ChatError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw .badRequest("'\(key)' must be a string") }
        return text
    }

    /// The boolean member `key`; 400 naming it when missing or not a boolean.
    func requiredBool(_ key: String) throws(ChatError) -> Bool {
        guard let value = self[key] else { throw .badRequest("'\(key)' is required") }
        guard case .bool(let flag) = value else { throw .badRequest("'\(key)' must be true or false") }
        return flag
    }
}
