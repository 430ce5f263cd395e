// SPDX-License-Identifier: MIT

import SIOServer

/// The handlers of events that other servers of a cluster send with `serverSideEmit` (Node: `nsp.on(event)`
/// on a namespace, which receives them through `_onServerSideEmit`).
///
/// They are server-to-server messages, never seen by clients: "reload your configuration", "how many users do
/// you have?". A cluster adapter keeps one table per namespace and dispatches what arrives:
///
/// ```swift
/// io.onServerSideEmit("hello") { args, _ in print("another server says", args) }
/// io.onServerSideEmit("count") { _, ack in ack?(.number(Double(io.sockets.sockets.count))) }
/// io.serverSideEmit("count") { result in print(result) }     // one answer per other server
/// ```
///
/// Like Node, an acknowledgement carries one value, and only the first call of it counts.
public final class ServerSideEvents {
    /// `ack` is set when the sending server waits for an answer.
    public typealias Handler = (_ arguments: [SocketIOValue], _ ack: ((SocketIOValue) -> Void)?) -> Void

    private var handlers: [String: [Handler]] = [:]

    /// An empty table; a cluster adapter (your own too) keeps one per namespace as its `serverSideEvents`.
    public init() {}

    /// Runs `handler` for every `event` another server sends.
    public func on(_ event: String, _ handler: @escaping Handler) {
        handlers[event, default: []].append(handler)
    }

    /// Removes every handler of `event`.
    public func off(_ event: String) {
        handlers[event] = nil
    }

    /// Runs the handlers of `event`. `ack` is called once at most, whatever the handlers do.
    public func dispatch(_ event: String, _ arguments: [SocketIOValue], ack: ((SocketIOValue) -> Void)?) {
        guard let eventHandlers = handlers[event] else { return }
        var once: ((SocketIOValue) -> Void)?
        if let ack {
            var called = false
            once = { value in
                guard !called else { return }
                called = true
                ack(value)
            }
        }
        for handler in eventHandlers { handler(arguments, once) }
    }
}
