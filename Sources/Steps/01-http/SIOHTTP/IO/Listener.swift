// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening socket that accepts connections on its loop and hands each descriptor, non-blocking and
/// configured, to `onAccept` (the HTTP server, which wraps it in a `Connection` on its own loop or deals it
/// to another loop of its group).
///
/// Two limits keep one busy moment from hurting everyone:
/// - at most `maxConnections` open at once: past it, a new connection is accepted and closed at
///   once (after a short `503`), instead of being left in the kernel's backlog where it would
///   wait and time out;
/// - when the process runs out of file descriptors (`EMFILE`), the pending connection cannot be
///   accepted, and with a level-triggered poller the listening socket would be reported ready
///   forever (a busy loop). The classic fix: keep one spare descriptor open, and in that case
///   release it, accept the connection, close it, and take the spare back.
final class Listener: LoopIOHandler {
    let fd: Int32
    let port: Int
    private let loop: EventLoop
    private let maxConnections: Int
    private var spareFD: Int32
    /// How many connections are open now (all the loops of a group together).
    var openConnections: () -> Int = { 0 }
    var onAccept: ((_ fd: Int32, _ remoteAddress: String) -> Void)?
    /// Called for each connection closed at once over the limit or for lack of descriptors (a metric).
    var onRefuse: (() -> Void)?
    /// Bytes written to a connection refused over the limit.
    var refusal: [UInt8] = []

    init(host: String, port: Int, loop: EventLoop, maxConnections: Int) throws {
        (fd, self.port) = try Socket.listen(host: host, port: port)
        self.loop = loop
        self.maxConnections = maxConnections
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        try loop.register(fd: fd, interest: .read, handler: self)
    }

    func close() {
        loop.unregister(fd: fd)
        closeDescriptor(fd)
        if spareFD >= 0 { closeDescriptor(spareFD) }
        spareFD = -1
    }

    func ioReady(_ events: IOEvents) {
        // Accept a bounded batch per wake-up so a connection storm cannot starve established ones.
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &length) }
            }
            if client < 0 {
                let error = currentErrno()
                if error == EMFILE || error == ENFILE { shedOneConnection() }
                return
            }
            guard openConnections() < maxConnections else {
                refusal.withUnsafeBytes { _ = write(client, $0.baseAddress, $0.count) }
                closeDescriptor(client)
                onRefuse?()
                continue
            }
            adopt(client, address: Socket.address(of: storage))
        }
    }

    private func adopt(_ client: Int32, address: (host: String, port: Int)) {
        do {
            try Socket.setNonBlocking(client)
            Socket.configureAccepted(client)
        } catch {
            return closeDescriptor(client)
        }
        guard let onAccept else { return closeDescriptor(client) }
        onAccept(client, address.host)
    }

    private func shedOneConnection() {
        guard spareFD >= 0 else { return }
        closeDescriptor(spareFD)
        let client = accept(fd, nil, nil)
        if client >= 0 {
            closeDescriptor(client)
            onRefuse?()
        }
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }
}
