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
    /// The write queue just became empty (everything was handed to the kernel).
    func connectionDidDrain(_ connection: Connection)
    /// The connection is closed; no more calls will follow.
    func connectionDidClose(_ connection: Connection)
}

extension ConnectionHandler {
    public func connectionDidDrain(_ connection: Connection) {}
}

/// One TCP connection, confined to its event loop: a non-blocking socket, a write queue, and
/// back-pressure.
///
/// Writes are queued as whole arrays and flushed with `writev`, many at a time. Arrays are
/// copy-on-write, so a broadcast encoded once is queued on a thousand connections without a
/// thousand copies. The loop is asked for write readiness only while the queue is non-empty.
///
/// Nothing is written inside `write`: the connection asks its loop to flush it at the end of the
/// current iteration, so everything written to it while the loop handles one batch of ready sockets
/// leaves in one `writev`. Eight broadcasts read from one socket in one go reach each receiver as one
/// system call, not eight; a system call on loopback TCP costs far more than the bytes it carries.
///
/// Back-pressure: when more than `highWaterMark` bytes wait in the queue (the peer reads slower
/// than we write), the connection stops reading, so a client cannot make us buffer without
/// bound by sending requests and never reading the answers. Reading resumes once the queue
/// drains below `lowWaterMark`.
public final class Connection: LoopIOHandler {
    public let loop: EventLoop
    public let remoteAddress: String
    /// The current owner of the bytes. The connection keeps it alive until the connection closes.
    public private(set) var handler: (any ConnectionHandler)?

    public var highWaterMark = 1 << 20
    public var lowWaterMark = 1 << 18

    private let fd: Int32
    /// Chunks waiting to be written; the live ones start at `queueHead` (removing from the front
    /// of an array is O(n), so written chunks are dropped in batches).
    private var queue: [[UInt8]] = []
    private var queueHead = 0
    /// How many bytes of `queue[queueHead]` were already written.
    private var headOffset = 0
    public private(set) var queuedBytes = 0
    private var interest: IOEvents = .read
    private var closeWhenFlushed = false
    /// The loop will flush this connection at the end of its current iteration.
    private var flushScheduled = false
    public private(set) var isClosed = false
    private var readingPaused = false
    /// The count of open connections this one is part of (its server's); decremented when it closes.
    var openCount: OpenConnectionCount?

    init(fd: Int32, loop: EventLoop, remoteAddress: String) {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
    }

    /// Hands the connection to a new owner (used by the HTTP server, and by an upgrade takeover).
    public func setHandler(_ handler: (any ConnectionHandler)?) {
        self.handler = handler
    }

    /// False while the write queue is above the high-water mark: a good moment to drop
    /// "volatile" messages instead of queueing more.
    public var isWritable: Bool { !isClosed && queuedBytes < highWaterMark }

    // MARK: Writing

    /// Queues `bytes`; they are written at the end of the loop's current iteration.
    public func write(_ bytes: [UInt8]) {
        guard !isClosed, !closeWhenFlushed, !bytes.isEmpty else { return }
        queue.append(bytes)
        queuedBytes += bytes.count
        scheduleFlush()
    }

    /// Queues several buffers, written in order (with the rest of this iteration's writes).
    public func write(_ chunks: [[UInt8]]) {
        guard !isClosed, !closeWhenFlushed else { return }
        for chunk in chunks where !chunk.isEmpty {
            queue.append(chunk)
            queuedBytes += chunk.count
        }
        scheduleFlush()
    }

    /// Asks the loop for one flush at the end of this iteration, unless one is already planned or the
    /// socket is full (then `ioReady(.write)` flushes when the kernel has room again).
    private func scheduleFlush() {
        guard !flushScheduled, queuedBytes > 0, !interest.contains(.write) else { return }
        flushScheduled = true
        loop.flushLater(self)
    }

    /// Called by the loop at the end of the iteration in which bytes were queued.
    func flushDeferred() {
        flushScheduled = false
        guard !isClosed, queuedBytes > 0 else { return }
        flush()
    }

    /// Closes once everything queued has been written.
    public func close() {
        guard !isClosed else { return }
        closeWhenFlushed = true
        if queuedBytes == 0 { closeNow() } else { updateInterest() }
    }

    /// Closes at once, dropping anything still queued.
    public func abort() { closeNow() }

    private func flush() {
        while queuedBytes > 0 {
            let written = writeSome()
            if written < 0 {
                let error = currentErrno()
                if error == EAGAIN || error == EWOULDBLOCK { break }
                if error == EINTR { continue }
                closeNow()
                return
            }
            consume(written)
        }
        if queuedBytes == 0 && closeWhenFlushed {
            closeNow()
        } else {
            updateInterest()
        }
    }

    /// One `writev` of up to 64 queued chunks.
    ///
    /// The `iovec` array lives on the stack (`withUnsafeTemporaryAllocation`): this runs for every
    /// message sent, and a heap allocation here would cost more than filling the vectors.
    private func writeSome() -> Int {
        let count = min(queue.count - queueHead, 64)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            withVectors(from: 0, count: count, into: vectors)
        }
    }

    /// Pins each chunk's storage with `withUnsafeBytes` (recursively, so all stay pinned at once)
    /// and calls `writev` at the innermost level. No pointer outlives its closure.
    private func withVectors(from index: Int, count: Int, into vectors: UnsafeMutableBufferPointer<iovec>) -> Int {
        if index == count {
            return writev(fd, vectors.baseAddress, Int32(count))
        }
        let skip = index == 0 ? headOffset : 0
        return queue[queueHead + index].withUnsafeBytes { raw in
            vectors[index] = iovec(
                // Never nil: empty chunks are never queued (`send`).
                iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip), iov_len: raw.count - skip)
            return withVectors(from: index + 1, count: count, into: vectors)
        }
    }

    private func consume(_ written: Int) {
        var remaining = written
        queuedBytes -= written
        while remaining > 0 {
            let available = queue[queueHead].count - headOffset
            if remaining >= available {
                remaining -= available
                queueHead += 1
                headOffset = 0
            } else {
                headOffset += remaining
                remaining = 0
            }
        }
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: queue.count <= 16)
            queueHead = 0
        } else if queueHead >= 64 {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    // MARK: Reading and readiness

    private func updateInterest() {
        guard !isClosed else { return }
        if readingPaused, queuedBytes < lowWaterMark { readingPaused = false }
        if !readingPaused, queuedBytes > highWaterMark { readingPaused = true }
        var wanted: IOEvents = []
        if !readingPaused && !closeWhenFlushed { wanted.insert(.read) }
        if queuedBytes > 0 { wanted.insert(.write) }
        if wanted != interest {
            interest = wanted
            loop.modify(fd: fd, interest: wanted)
        }
    }

    public func ioReady(_ events: IOEvents) {
        if events.contains(.write) && queuedBytes > 0 {
            flush()
            // Told only after a backlog cleared, never inside `write`, so a handler that writes
            // from its drain callback cannot recurse.
            if queuedBytes == 0 && !isClosed { handler?.connectionDidDrain(self) }
        }
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
        queueHead = 0
        queuedBytes = 0
        let handler = self.handler
        self.handler = nil
        handler?.connectionDidClose(self)
        openCount?.decrement()
        openCount = nil
    }

    func start() throws {
        try loop.register(fd: fd, interest: .read, handler: self)
    }

    // MARK: Moving to another loop

    /// Takes the socket off this loop, without closing it, so that another loop can adopt it
    /// (`init(adopting:loop:)`). Bytes still queued travel with it; the handler is dropped without a close
    /// callback, because the connection lives on. Only `HTTPServerGroup`'s forwarding does this.
    func detach() -> DetachedConnection {
        // Unreachable from the wire: the only caller moves a connection while handling a request it just read from it.
        precondition(!isClosed, "a closed connection cannot move")
        loop.unregister(fd: fd)
        isClosed = true
        var unsent = Array(queue[queueHead...])
        if headOffset > 0 { unsent[0] = Array(unsent[0].dropFirst(headOffset)) }
        queue.removeAll()
        queueHead = 0
        headOffset = 0
        queuedBytes = 0
        handler = nil
        openCount?.decrement()
        openCount = nil
        return DetachedConnection(fd: fd, remoteAddress: remoteAddress, unsent: unsent)
    }

    /// A connection taken over from another loop: same socket, same queued bytes, now confined to `loop`.
    /// Call `start()` on `loop` to register it.
    convenience init(adopting detached: DetachedConnection, loop: EventLoop) {
        self.init(fd: detached.fd, loop: loop, remoteAddress: detached.remoteAddress)
        write(detached.unsent)
    }
}

/// A socket between two loops: what `Connection.detach()` hands to the loop that adopts it.
struct DetachedConnection: Sendable {
    let fd: Int32
    let remoteAddress: String
    let unsent: [[UInt8]]
}

/// `close(2)`; a free function because inside `Connection` the name `close` means the method.
func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
