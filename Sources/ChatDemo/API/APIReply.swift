// SPDX-License-Identifier: MIT

import SIOJSON

/// How an API handler answers: JSON now, nothing (`204`), or JSON later (after a password hash).
enum APIReply {
    case json(status: Int, JSON)
    case noContent
    /// The handler calls the given function once, on the loop, when the answer is ready.
    case later((@escaping (Result<APIReply, ChatError>) -> Void) -> Void)

    /// `200` with `body`.
    static func ok(_ body: JSON) -> APIReply { .json(status: 200, body) }
    /// `201 Created` with `body`.
    static func created(_ body: JSON) -> APIReply { .json(status: 201, body) }
}
