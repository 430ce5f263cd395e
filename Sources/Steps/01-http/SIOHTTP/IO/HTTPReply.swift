// SPDX-License-Identifier: MIT

/// A route handler: it reads the request and says how the server should answer.
///
/// Handlers run on the event loop thread, so they must never block: a handler that has to wait
/// (a long-poll, a database on another thread) returns `.deferred` and answers later.
public typealias HTTPHandler = (HTTPRequest, RequestContext) -> HTTPReply

/// The three ways to answer a request, plus "not mine".
///
/// These are the seams the later steps stand on: Engine.IO long-polling answers GETs with
/// `.deferred`, and the WebSocket upgrade (step 3) uses `.takeover`.
public enum HTTPReply {
    /// Answer now.
    case response(HTTPResponse)
    /// Answer later, on the loop, through the writer from `context.deferResponse()`.
    /// Requests pipelined behind this one wait, so responses stay in order (RFC 9112 §9.3.2).
    case deferred(ResponseWriter)
    /// Write `response` (normally a `101 Switching Protocols`), then hand the raw connection to
    /// `handoff` together with any bytes the server already read past this request. Dropping those
    /// bytes is the classic upgrade bug: a client may send its first frame right behind the request.
    case takeover(HTTPResponse, handoff: (Connection, [UInt8]) -> Void)
    /// Let the next mounted route (or the 404 fallback) answer.
    case pass
}
