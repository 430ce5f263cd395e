// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOHTTP

extension Connection {
    /// Opens an outgoing TCP connection to `address` (IPv4 or IPv6) on `loop`: the client side, for load
    /// generators and for clients of other servers (Redis). `connect(host:port:loop:)` resolves a name first.
    ///
    /// The socket is non-blocking, so `connect` returns at once with `EINPROGRESS`; the kernel
    /// reports the outcome by making the socket writable, and `SO_ERROR` then says whether it
    /// worked. `completion` runs on the loop with the connection (its handler not yet set: set it
    /// before returning) or the error. Call on the loop thread. `limits` is the connection's budget of
    /// outbound bytes: a server that stops reading what we send gets disconnected like a client would.
    package static func connect(
        to address: SocketAddress, loop: EventLoop, limits: ConnectionLimits = ConnectionLimits(),
        completion: @escaping (Result<Connection, SystemError>) -> Void
    ) {
        let fd: Int32
        do {
            fd = try makeSocket(family: address.family)
        } catch {
            return completion(.failure(error))
        }
        let result = address.withSockaddr { systemConnect(fd, $0, $1) }
        if result != 0 && currentErrno() != EINPROGRESS {
            let error = SystemError("connect(\(address))")
            closeDescriptor(fd)
            return completion(.failure(error))
        }
        let pending = PendingConnect(fd: fd, loop: loop, remoteAddress: address.ip, limits: limits, completion: completion)
        do {
            try loop.register(fd: fd, interest: .write, handler: pending)
        } catch {
            closeDescriptor(fd)
            completion(.failure(error as? SystemError ?? SystemError("register")))
        }
    }
}

/// Waits for a non-blocking `connect` to finish, then becomes a `Connection`.
private final class PendingConnect: LoopIOHandler {
    let fd: Int32
    let loop: EventLoop
    let remoteAddress: String
    let limits: ConnectionLimits
    var completion: ((Result<Connection, SystemError>) -> Void)?

    init(
        fd: Int32, loop: EventLoop, remoteAddress: String, limits: ConnectionLimits,
        completion: @escaping (Result<Connection, SystemError>) -> Void
    ) {
        self.fd = fd
        self.loop = loop
        self.remoteAddress = remoteAddress
        self.limits = limits
        self.completion = completion
    }

    func ioReady(_ events: IOEvents) {
        guard let completion else { return }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        // A readiness report is a hint, not a verdict: only a pending error or a known peer says the
        // connect is over. Otherwise it is still in progress; keep waiting.
        if error == 0 && !Self.hasPeer(fd) { return }
        self.completion = nil
        loop.unregister(fd: fd)
        guard error == 0 else {
            closeDescriptor(fd)
            return completion(.failure(SystemError("connect", errno: error)))
        }
        do {
            let connection = try Connection.start(connected: fd, loop: loop, remoteAddress: remoteAddress, limits: limits)
            completion(.success(connection))
        } catch {
            closeDescriptor(fd)
            completion(.failure(error as? SystemError ?? SystemError("register")))
        }
    }
}

extension PendingConnect {
    /// True once the socket is connected: `getpeername` fails with `ENOTCONN` until then.
    static func hasPeer(_ fd: Int32) -> Bool {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) == 0 }
        }
    }
}

/// `connect(2)`, renamed so it does not clash with `Connection.connect`.
@inline(__always)
private func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.connect(fd, address, length)
    #else
    return Darwin.connect(fd, address, length)
    #endif
}
