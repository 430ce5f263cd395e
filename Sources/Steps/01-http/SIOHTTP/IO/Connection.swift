// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The owner of a connection's bytes: the HTTP server first, then maybe a WebSocket after an upgrade.
public protocol ConnectionHandler: AnyObject {
    /// New bytes arrived. They live in the loop's shared read buffer: copy whatever you keep.
    func connection(_ connection: Connection, didRead bytes: ArraySlice<UInt8>)
    /// The write queue fell under the low-water mark after back-pressure had paused the connection: the
    /// peer reads again, reading has resumed, and work held back for it can go on (`isBackPressured`).
    func connectionDidDrain(_ connection: Connection)
    /// The connection is closed; no more calls will follow.
    func connectionDidClose(_ connection: Connection)
}

extension ConnectionHandler {
    /// Most handlers have nothing held back for a slow peer: by default a drain needs no action.
    public func connectionDidDrain(_ connection: Connection) {}
}

/// One TCP connection, confined to its event loop: a non-blocking socket, a write queue, and
/// back-pressure.
///
/// Writes are queued as whole arrays (`WriteQueue`) and flushed with `writev`, many at a time. The loop
/// is asked for write readiness only while bytes are left after a flush.
///
/// Nothing is written inside `write`: the connection asks its loop to flush it at the end of the
/// current iteration, so everything written to it while the loop handles one batch of ready sockets
/// leaves in one `writev`. Eight broadcasts read from one socket in one go reach each receiver as one
/// system call, not eight; a system call on loopback TCP costs far more than the bytes it carries.
///
/// Back-pressure (`ConnectionLimits`, decided by `BackPressure`) is checked where bytes are queued, in
/// `write`, so it holds even while the socket is full and no flush runs: once more than the high-water
/// mark waits, the connection stops reading at once, so a peer that sends and never reads closes its own
/// TCP window instead of making us buffer answers. Reading resumes under the low-water mark. A peer that
/// stays over the mark for the slow-reader timeout, or whose queue passes the hard cap, is disconnected:
/// to the handler that is an ordinary close (`connectionDidClose`).
///
/// A handler can also stop reading for its own reasons (`pauseReading`): the HTTP server does, while it
/// holds pipelined requests it has not answered yet.
public final class Connection: LoopIOHandler {
    /// The loop this connection is confined to: call its methods there only.
    public let loop: EventLoop
    /// The peer's IP address as text (`127.0.0.1`, `::1`), for logs and per-address limits.
    public let remoteAddress: String
    /// The current owner of the bytes. The connection keeps it alive until the connection closes.
    public private(set) var handler: (any ConnectionHandler)?
    /// This connection's budget of outbound bytes.
    public var limits: ConnectionLimits { backPressure.limits }

    private let fd: Int32
    private var queue = WriteQueue()
    private var backPressure: BackPressure
    private var interest: IOEvents = .read
    private var closeWhenFlushed = false
    /// The loop will flush this connection at the end of its current iteration.
    private var flushScheduled = false
    /// True once the connection is closed (by either side); writes are then dropped.
    public private(set) var isClosed = false
    /// The handler asked not to be read (`pauseReading`).
    private var pausedByHandler = false
    /// When the peer will have failed to read its bytes in time (`ConnectionLimits.slowReaderTimeout`):
    /// set while over the high-water mark, and while closing with bytes unsent.
    private var slowReaderDeadline: Duration?
    private var slowReaderTimer: LoopTimer?
    /// The count of open connections this one is part of (its server's); decremented when it closes.
    var openCount: OpenConnectionCount?
    /// Where a disconnect for breaking the budget is counted and logged (its server's).
    var backPressureLog: BackPressureLog?

    init(fd: Int32, loop: EventLoop, remoteAddress: String, limits: ConnectionLimits = ConnectionLimits()) {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
        self.backPressure = BackPressure(limits: limits)
    }

    /// Hands the connection to a new owner (used by the HTTP server, and by an upgrade takeover). A pause
    /// the previous owner asked for ends: the new one reads from the start.
    public func setHandler(_ handler: (any ConnectionHandler)?) {
        self.handler = handler
        resumeReading()
    }

    /// Bytes queued and not yet taken by the kernel.
    public var queuedBytes: Int { queue.byteCount }

    /// False while the write queue is above the high-water mark: a good moment to drop
    /// "volatile" messages instead of queueing more.
    public var isWritable: Bool { !isClosed && !closeWhenFlushed && queue.byteCount < limits.highWaterMark }

    /// True from the moment the queue passed the high-water mark until it fell under the low-water mark.
    public var isBackPressured: Bool { backPressure.isPaused }

    /// True while the socket is not read: paused by back-pressure or by the handler, or closing.
    public var isReadingPaused: Bool { !interest.contains(.read) }

    // MARK: Writing

    /// Queues `bytes`; they are written at the end of the loop's current iteration.
    public func write(_ bytes: [UInt8]) {
        guard !isClosed, !closeWhenFlushed, !bytes.isEmpty else { return }
        queue.append(bytes)
        didQueue(bytes.count)
    }

    /// Queues several buffers, written in order (with the rest of this iteration's writes).
    public func write(_ chunks: [[UInt8]]) {
        guard !isClosed, !closeWhenFlushed else { return }
        didQueue(queue.append(contentsOf: chunks))
    }

    /// The budget check (one comparison under the high-water mark), then a flush at the end of the
    /// iteration, unless one is already planned or the socket is full (then `ioReady(.write)` flushes
    /// when the kernel has room again).
    @inline(__always)
    private func didQueue(_ added: Int) {
        if let change = backPressure.didQueue(added, total: queue.byteCount) { apply(change) }
        guard !flushScheduled, queue.byteCount > 0, !interest.contains(.write) else { return }
        flushScheduled = true
        loop.flushLater(self)
    }

    /// Called by the loop at the end of the iteration in which bytes were queued.
    func flushDeferred() {
        flushScheduled = false
        guard !isClosed, queue.byteCount > 0 || closeWhenFlushed else { return }
        flush()
    }

    /// Closes once everything queued has been written (within the slow-reader timeout).
    public func close() {
        guard !isClosed else { return }
        closeWhenFlushed = true
        if queue.byteCount == 0 { return closeNow() }
        startSlowReaderDeadline()
        updateInterest()
    }

    /// Closes at once, dropping anything still queued.
    public func abort() { closeNow() }

    private func flush() {
        while queue.byteCount > 0 {
            let written = queue.write(to: fd)
            if written < 0 {
                let error = currentErrno()
                if error == EAGAIN || error == EWOULDBLOCK { break }
                if error == EINTR { continue }
                closeNow()
                return
            }
            queue.consume(written)
        }
        if queue.byteCount == 0 && closeWhenFlushed { return closeNow() }
        let change = backPressure.didFlush(total: queue.byteCount)
        if let change { apply(change) }
        updateInterest(afterFlush: true)
        // Told only after a flush, never inside `write`, so a handler that writes from its drain
        // callback cannot recurse.
        if change == .resume { handler?.connectionDidDrain(self) }
    }

    // MARK: Back-pressure

    private func apply(_ change: BackPressure.Change) {
        switch change {
        case .pause:
            startSlowReaderDeadline()
            updateInterest()
        case .resume:
            if !closeWhenFlushed { slowReaderDeadline = nil }
        case .overflow:
            backPressureLog?.overflow(self, queued: queue.byteCount)
            queue.removeAll()
            closeWhenFlushed = true
            updateInterest()
            if !flushScheduled {
                flushScheduled = true
                loop.flushLater(self)
            }
        }
    }

    /// Starts the slow-reader deadline, unless one runs already.
    ///
    /// At most one timer per connection is ever in the loop's heap: a deadline that ends (`.resume`) only
    /// forgets its time, and the timer, when it fires, re-arms itself for a later deadline or does nothing.
    /// A connection that crosses its marks often (large messages to a fast reader) adds no timers.
    private func startSlowReaderDeadline() {
        guard slowReaderDeadline == nil else { return }
        slowReaderDeadline = loop.now + limits.slowReaderTimeout
        if slowReaderTimer == nil { armSlowReaderTimer(after: limits.slowReaderTimeout) }
    }

    private func armSlowReaderTimer(after delay: Duration) {
        slowReaderTimer = loop.schedule(after: delay) { [weak self] in self?.slowReaderTimerFired() }
    }

    private func slowReaderTimerFired() {
        slowReaderTimer = nil
        guard !isClosed, let deadline = slowReaderDeadline else { return }
        let now = loop.now
        guard now >= deadline else { return armSlowReaderTimer(after: deadline - now) }
        backPressureLog?.slowReader(self, unsent: queue.byteCount)
        closeNow()
    }

    private func cancelSlowReaderTimer() {
        slowReaderTimer?.cancel()
        slowReaderTimer = nil
        slowReaderDeadline = nil
    }

    // MARK: Reading and readiness

    /// Stops reading until `resumeReading()` (back-pressure may keep it stopped longer): for a handler that
    /// holds bytes it cannot process yet, so that the peer's TCP window closes instead of its buffer growing.
    public func pauseReading() {
        guard !pausedByHandler else { return }
        pausedByHandler = true
        updateInterest()
    }

    /// Undoes `pauseReading()`.
    public func resumeReading() {
        guard pausedByHandler else { return }
        pausedByHandler = false
        updateInterest()
    }

    /// Asks the poller for what the connection needs now. Write readiness is asked for only after a flush
    /// left bytes behind; elsewhere it is kept as it is, because a write schedules its own flush.
    private func updateInterest(afterFlush: Bool = false) {
        guard !isClosed else { return }
        let wanted = wantedInterest(writing: queue.byteCount > 0 && (afterFlush || interest.contains(.write)))
        if wanted != interest {
            interest = wanted
            loop.modify(fd: fd, interest: wanted)
        }
    }

    private func wantedInterest(writing: Bool) -> IOEvents {
        var wanted: IOEvents = []
        if !backPressure.isPaused && !pausedByHandler && !closeWhenFlushed { wanted.insert(.read) }
        if writing { wanted.insert(.write) }
        return wanted
    }

    /// Called by the loop when the socket is readable, writable or hung up: reads into the handler, flushes the queue.
    public func ioReady(_ events: IOEvents) {
        if events.contains(.write) && queue.byteCount > 0 { flush() }
        guard !isClosed else { return }
        if events.contains(.read) && interest.contains(.read) {
            readOnce()
        } else if events.contains(.hangup) && !events.contains(.read) {
            closeNow()
        }
    }

    private func readOnce() {
        let count = loop.readBuffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count > 0 {
            handler?.connection(self, didRead: loop.readBuffer[0..<count])
        } else if count == 0 {
            closeNow()
        } else {
            let error = currentErrno()
            if error != EAGAIN && error != EWOULDBLOCK && error != EINTR { closeNow() }
        }
    }

    private func closeNow() {
        guard !isClosed else { return }
        isClosed = true
        loop.unregister(fd: fd)
        closeDescriptor(fd)
        queue.removeAll()
        cancelSlowReaderTimer()
        let handler = self.handler
        self.handler = nil
        handler?.connectionDidClose(self)
        openCount?.decrement()
        openCount = nil
    }

    /// Registers the socket with the loop, asking for what the connection needs (an adopted connection may
    /// arrive with bytes to write, or already over its high-water mark).
    func start() throws {
        try loop.register(fd: fd, interest: interest, handler: self)
    }

    // MARK: Moving to another loop

    /// Takes the socket off this loop, without closing it, so that another loop can adopt it
    /// (`init(adopting:loop:limits:)`). Bytes still queued travel with it; the handler is dropped without a
    /// close callback, because the connection lives on. Only `HTTPServerGroup`'s forwarding does this.
    func detach() -> DetachedConnection {
        // Unreachable from the wire: the only caller moves a connection while handling a request it just read from it.
        precondition(!isClosed, "a closed connection cannot move")
        loop.unregister(fd: fd)
        isClosed = true
        cancelSlowReaderTimer()
        let unsent = queue.byteCount > 0 ? queue.takeUnsent() : []
        handler = nil
        openCount?.decrement()
        openCount = nil
        return DetachedConnection(fd: fd, remoteAddress: remoteAddress, unsent: unsent)
    }

    /// A connection taken over from another loop: same socket, same queued bytes, now confined to `loop`.
    /// Its back-pressure starts over from those bytes (a slow-reader deadline restarts here). Call
    /// `start()` on `loop` to register it: it asks for write readiness at once if bytes came along.
    convenience init(adopting detached: DetachedConnection, loop: EventLoop, limits: ConnectionLimits) {
        self.init(fd: detached.fd, loop: loop, remoteAddress: detached.remoteAddress, limits: limits)
        let added = queue.append(contentsOf: detached.unsent)
        if backPressure.didQueue(added, total: added) == .pause { startSlowReaderDeadline() }
        interest = wantedInterest(writing: added > 0)
    }
}
