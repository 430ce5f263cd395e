// SPDX-License-Identifier: MIT

/// The seam through which several HTTP servers, one per event loop, share one port: SIOHTTP serves one loop,
/// and the scale module (SIOLoops' `HTTPServerGroup`) decides on which loop each request is answered.
///
/// SIOHTTP asks the placement before it routes a request (`HTTPConnection`); when another server should answer,
/// SIOHTTP itself moves the connection there (`Connection.detach`, `HTTPServer.adopt`), because moving touches
/// the socket and its write queue, which only this module sees.
public protocol ConnectionPlacement: AnyObject {
    /// The servers that share the port, one per loop; `servers[i].indexInGroup == i`.
    var servers: [HTTPServer] { get }

    /// The server that should answer `request`, which `server` has just read. `fresh` marks the first request of
    /// a connection the listener just accepted (not yet placed on any loop). Called on `server`'s loop.
    func server(for request: HTTPRequest, readBy server: HTTPServer, fresh: Bool) -> HTTPServer
}
