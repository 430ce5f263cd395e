// SPDX-License-Identifier: MIT

/// Drives one keep-alive HTTP/1.1 connection: parse, route, answer, in order.
///
/// One request is handled at a time. Pipelined requests (RFC 9112 §9.3.2) wait in the parser's
/// buffer until the response before them is written, so responses always leave in request order,
/// even when one of them is deferred (a long-poll).
///
/// Fairness and memory: at most `requestsPerTurn` pipelined requests are answered per loop iteration,
/// and none while the connection is back-pressured (its peer is not reading the answers). While requests
/// wait (their turn, the peer's reading, or a deferred response before them) the connection is not read
/// (`Connection.pauseReading`), so the parser holds at most one read's worth of them and the peer's TCP
/// window closes. The next turn comes in the loop's next iteration (`EventLoop.inNextIteration`), after
/// every socket that became ready meanwhile was served.
///
/// Timers: while the client is sending a request head it has `headerTimeout` to finish it, or gets
/// `408` and a close (the slowloris defence); while the connection sits idle between requests it
/// is closed after `idleTimeout`. No timer runs while a deferred response is owed.
final class HTTPConnection: ConnectionHandler {
    private let connection: Connection
    /// Strong on purpose: a server stays alive while it still has connections to serve, even if the
    /// application let go of it (the reference cycle ends when the connection closes).
    private let server: HTTPServer
    private var parser: HTTPParser
    private var pending: ResponseWriter?
    private var pendingRequest: (request: HTTPRequest, start: Duration)?
    private var timer: LoopTimer?
    /// A next turn is planned for the requests still buffered (`holdRequests`).
    private var turnPlanned = false
    /// When the first byte of the current request head arrived.
    private var headStartedAt: Duration?
    private var closing = false
    /// The connection is closing (a response with `Connection: close`, an error, a timeout, a shutdown):
    /// requests read behind that point are not answered (RFC 9112 §9.6).
    private var finished = false
    private var handedOver = false
    /// Accepted by a group's listener, first request not yet placed on a loop (`HTTPServer.placement`).
    private var fresh: Bool

    init(connection: Connection, server: HTTPServer, fresh: Bool = false) {
        self.connection = connection
        self.server = server
        self.fresh = fresh
        self.parser = HTTPParser(limits: server.configuration.parserLimits)
        armIdleTimer()
    }

    var isIdle: Bool { pending == nil && !parser.hasPartialRequest }

    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>) {
        if headStartedAt == nil && pending == nil { headStartedAt = server.loop.now }
        parser.append(bytes)
        processRequests()
    }

    /// The peer reads again: answer the requests held back for it.
    func connectionDidDrain(_ connection: Connection) {
        processRequests()
    }

    func connectionDidClose(_ connection: Connection) {
        timer?.cancel()
        pending?.connectionClosed()
        pending = nil
        server.connectionClosed(self)
    }

    /// Closes after the response in flight, or at once if there is none (graceful shutdown).
    func closeWhenIdle() {
        closing = true
        if pending == nil { closeAfterAnswers() }
    }

    func abort() { connection.abort() }

    // MARK: Requests

    /// At most this many pipelined requests are answered per connection and loop iteration. Four answers
    /// still leave in one `writev`, so a pipelining client keeps most of its throughput, while a connection
    /// with two thousand requests buffered holds the loop for four of them, not two thousand: a request on
    /// another connection waits for at most four requests' worth of work per busy peer and iteration
    /// (measured with twenty such peers on Step 1: /health in tens of milliseconds instead of seconds).
    static let requestsPerTurn = 4

    private func processRequests() {
        var answered = 0
        while pending == nil && !connection.isClosed && !handedOver && !finished {
            if parser.hasPartialRequest && (answered == Self.requestsPerTurn || connection.isBackPressured) {
                return holdRequests()
            }
            switch parser.next() {
            case .needMoreData:
                if !parser.hasPartialRequest { headStartedAt = nil }
                connection.resumeReading()
                armTimer()
                return
            case .expectContinue:
                connection.write(HTTPResponse(status: .continue).encoded(closing: false, headOnly: false, date: nil))
            case .error(let error):
                send(error.response, for: nil, closing: true)
                closeAfterAnswers()
                return
            case .request(let request):
                answered += 1
                headStartedAt = nil
                timer?.cancel()
                dispatch(request)
            }
        }
        if pending != nil && parser.hasPartialRequest { connection.pauseReading() }
    }

    /// Stops reading while buffered requests wait, and plans their next turn: on the next loop iteration,
    /// or once the peer has read enough (`connectionDidDrain`) if it is what they wait for.
    private func holdRequests() {
        connection.pauseReading()
        guard !connection.isBackPressured, !turnPlanned else { return }
        turnPlanned = true
        server.loop.inNextIteration { [weak self] in
            guard let self else { return }
            turnPlanned = false
            processRequests()
        }
    }

    private func dispatch(_ request: HTTPRequest) {
        if let target = server.placement(of: request, fresh: fresh) { return move(to: target, with: request) }
        fresh = false
        let start = server.loop.now
        let context = RequestContext(loop: server.loop, remoteAddress: connection.remoteAddress, exchange: self)
        switch server.router.route(request, context: context) {
        case .response(let response):
            finish(request, response: response, start: start)
        case .deferred(let writer):
            if let response = writer.earlyResponse {
                finish(request, response: response, start: start)
            } else if let (response, handoff) = writer.earlyTakeover {
                takeOver(request, response: response, handoff: handoff, start: start)
            } else {
                pending = writer
                pendingRequest = (request, start)
            }
        case .takeover(let response, let handoff):
            takeOver(request, response: response, handoff: handoff, start: start)
        case .pass:
            finish(request, response: HTTPResponse(status: .notFound, text: "Not Found\n"), start: start)
        }
    }

    /// Moves the connection to `target`'s loop (one loop per core, `HTTPServerGroup`): it leaves this loop's
    /// poller, and `target` answers `request` there, then reads on from the bytes that followed it.
    private func move(to target: HTTPServer, with request: HTTPRequest) {
        handedOver = true
        timer?.cancel()
        server.connectionHandedOver(self)
        let moving = connection.detach()
        let buffered = parser.takeBufferedBytes()
        let server = LoopBound(target, loop: target.loop)
        target.loop.execute { server.value.adopt(moving, request: request, buffered: buffered) }
    }

    /// Continues a connection another loop started: answers `request` (which that loop read), then reads
    /// on from `buffered`, the bytes that followed it.
    func resume(with request: HTTPRequest, buffered: [UInt8]) {
        timer?.cancel()
        dispatch(request)
        parser.append(buffered)
        processRequests()
    }

    /// Writes `response` (a `101`), then gives the raw connection, and the bytes read past `request`, to `handoff`.
    private func takeOver(
        _ request: HTTPRequest, response: HTTPResponse, handoff: (Connection, [UInt8]) -> Void, start: Duration
    ) {
        server.log(request, response.status, bytes: 0, start: start, remote: connection.remoteAddress)
        handedOver = true
        timer?.cancel()
        connection.write(response.encoded(closing: false, headOnly: false, date: server.dateHeader()))
        server.connectionHandedOver(self)
        handoff(connection, parser.takeBufferedBytes())
    }

    func isAwaiting(_ writer: ResponseWriter) -> Bool { writer === pending }

    /// Called by a `ResponseWriter` when its deferred answer is a protocol switch.
    func complete(_ writer: ResponseWriter, takeover response: HTTPResponse, handoff: (Connection, [UInt8]) -> Void) {
        guard writer === pending, let (request, start) = pendingRequest else { return }
        pending = nil
        pendingRequest = nil
        takeOver(request, response: response, handoff: handoff, start: start)
    }

    /// Called by a `ResponseWriter` when its deferred response is ready.
    func complete(_ writer: ResponseWriter, with response: HTTPResponse) {
        guard writer === pending, let (request, start) = pendingRequest else { return }
        pending = nil
        pendingRequest = nil
        finish(request, response: response, start: start)
        processRequests()
    }

    private func finish(_ request: HTTPRequest, response: HTTPResponse, start: Duration) {
        let close = closing || !request.keepAlive || response.headers.hasToken("close", in: "Connection")
        send(response, for: request, closing: close, start: start)
        if close { closeAfterAnswers() }
    }

    private func send(_ response: HTTPResponse, for request: HTTPRequest?, closing: Bool, start: Duration? = nil) {
        let headOnly = request?.method == "HEAD"
        connection.write(response.encoded(closing: closing, headOnly: headOnly, date: server.dateHeader()))
        server.log(request, response.status, bytes: response.body.count, start: start ?? server.loop.now,
                   remote: connection.remoteAddress)
    }

    // MARK: Timers

    private func armTimer() {
        if parser.hasPartialRequest, let started = headStartedAt {
            let remaining = started + server.configuration.requestTimeout - server.loop.now
            timer?.cancel()
            timer = server.loop.schedule(after: remaining) { [weak self] in self?.headTimedOut() }
        } else {
            armIdleTimer()
        }
    }

    private func armIdleTimer() {
        timer?.cancel()
        if closing { return closeAfterAnswers() }
        timer = server.loop.schedule(after: server.configuration.idleTimeout) { [weak self] in
            self?.closeAfterAnswers()
        }
    }

    /// Closes once the answers written so far are sent, and answers nothing more.
    private func closeAfterAnswers() {
        finished = true
        connection.close()
    }

    private func headTimedOut() {
        send(HTTPResponse(status: .requestTimeout, text: "Request Timeout\n"), for: nil, closing: true)
        closeAfterAnswers()
    }
}
