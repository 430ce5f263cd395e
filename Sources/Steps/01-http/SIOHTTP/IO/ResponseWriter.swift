// SPDX-License-Identifier: MIT

/// Per-request facts a handler may need besides the request itself.
public final class RequestContext {
    /// The loop of the request's connection; `send` must run on it.
    public let loop: EventLoop
    /// The peer's IP address as text.
    public let remoteAddress: String
    private weak var exchange: HTTPConnection?

    init(loop: EventLoop, remoteAddress: String, exchange: HTTPConnection) {
        self.loop = loop
        self.remoteAddress = remoteAddress
        self.exchange = exchange
    }

    /// A writer for answering this request later; return it as `.deferred(writer)`.
    public func deferResponse() -> ResponseWriter {
        ResponseWriter(exchange: exchange)
    }
}

/// The promise of a response, kept by a handler that answers later (a long-poll GET).
///
/// Use it only on the loop thread. If the client disconnects first, `onClose` runs and `isOpen`
/// becomes false; Engine.IO treats that as the client closing its session.
public final class ResponseWriter {
    private weak var exchange: HTTPConnection?
    /// False once the response was sent or the client went away.
    public private(set) var isOpen = true
    private var sent = false
    /// A response sent before the handler even returned `.deferred` (it had the answer at once after all).
    private(set) var earlyResponse: HTTPResponse?
    /// A takeover made before the handler even returned `.deferred`.
    private(set) var earlyTakeover: (response: HTTPResponse, handoff: (Connection, [UInt8]) -> Void)?
    /// Runs if the connection closes before `send` (the client gave up waiting).
    public var onClose: (() -> Void)?

    init(exchange: HTTPConnection?) {
        self.exchange = exchange
        if exchange == nil { isOpen = false }
    }

    /// Writes the response. Later calls do nothing: a request has exactly one response.
    public func send(_ response: HTTPResponse) {
        guard isOpen, !sent else { return }
        sent = true
        isOpen = false
        onClose = nil
        if let exchange, exchange.isAwaiting(self) {
            exchange.complete(self, with: response)
        } else {
            earlyResponse = response
        }
    }

    /// Answers with a protocol switch, as `HTTPReply.takeover` does for a handler that answers at once: writes
    /// `response` (a `101`), then hands the raw connection and the bytes read past the request to `handoff`.
    /// For a check that must finish before the switch (Engine.IO's asynchronous `allowRequest` on a WebSocket
    /// handshake). Later calls, or a call after `send`, do nothing.
    public func takeover(_ response: HTTPResponse, handoff: @escaping (Connection, [UInt8]) -> Void) {
        guard isOpen, !sent else { return }
        sent = true
        isOpen = false
        onClose = nil
        if let exchange, exchange.isAwaiting(self) {
            exchange.complete(self, takeover: response, handoff: handoff)
        } else {
            earlyTakeover = (response, handoff)
        }
    }

    /// Called by the connection when it closes with this response still owed.
    func connectionClosed() {
        guard isOpen else { return }
        isOpen = false
        let callback = onClose
        onClose = nil
        callback?()
    }
}
