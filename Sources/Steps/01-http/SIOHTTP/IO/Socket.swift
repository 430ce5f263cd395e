// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the BSD socket calls the server needs, with errors instead of `-1`.
enum Socket {
    /// A listening TCP socket, non-blocking, bound to `host:port` (port 0 picks a free port).
    ///
    /// - Throws: `ListenError`, which says where and why in one line (`cannot listen on 0.0.0.0:3000: Address
    ///   already in use`): the start-up message of every executable.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws(ListenError) -> (fd: Int32, port: Int) {
        var hints = addrinfo.tcp(flags: AI_PASSIVE | AI_NUMERICSERV)
        var result: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(host == "localhost" ? "127.0.0.1" : host, String(port), &hints, &result)
        guard lookup == 0, let info = result else {
            throw ListenError(host: host, port: port, reason: String(cString: gai_strerror(lookup)))
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, 0)
        guard fd >= 0 else { throw ListenError(host: host, port: port, errno: currentErrno()) }
        var on: Int32 = 1
        // Lets a restarted server bind at once instead of waiting out TIME_WAIT.
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        do {
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { throw SystemError("bind") }
            guard systemListen(fd, backlog) == 0 else { throw SystemError("listen") }
            try setNonBlocking(fd)
            return (fd, try localPort(fd))
        } catch {
            close(fd)
            throw ListenError(host: host, port: port, errno: (error as? SystemError)?.errno ?? EINVAL)
        }
    }

    /// Non-blocking, and closed in child processes (`FD_CLOEXEC`): a program this process starts
    /// (a test's redis-server, say) must not inherit our sockets, or closing one here would no
    /// longer close the connection, and its poller registration would outlive it.
    static func setNonBlocking(_ fd: Int32) throws(SystemError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SystemError("fcntl") }
        guard fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else { throw SystemError("fcntl") }
    }

    /// An unconnected TCP socket of `family` (`AF_INET` or `AF_INET6`), set up as an accepted one is
    /// (non-blocking, close-on-exec, no Nagle delay), for an outgoing connection (`Connection.makeSocket(family:)`).
    static func stream(family: Int32) throws(SystemError) -> Int32 {
        #if canImport(Glibc)
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(family, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SystemError("socket") }
        do {
            try setNonBlocking(fd)
        } catch {
            closeDescriptor(fd)
            throw error
        }
        configureAccepted(fd)
        return fd
    }

    /// Per-connection options: no Nagle delay (small packets such as pings go out at once) and,
    /// on macOS, no SIGPIPE (Linux ignores SIGPIPE process-wide in `EventLoop.init`).
    static func configureAccepted(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    static func localPort(_ fd: Int32) throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { throw SystemError("getsockname") }
        return address(of: storage).port
    }

    /// The textual address and port of a socket address (IPv4 or IPv6).
    static func address(of storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var host = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &host, socklen_t(host.count))
                    return (hostString(host), Int(UInt16(bigEndian: sin.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &host, socklen_t(host.count))
                    return (hostString(host), Int(UInt16(bigEndian: sin6.pointee.sin6_port)))
                }
            }
        default:
            return ("unknown", 0)
        }
    }
}

/// The text of a NUL-terminated C buffer filled by `inet_ntop`.
private func hostString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}

/// `listen(2)`, renamed so it does not clash with `Socket.listen`.
@inline(__always)
private func systemListen(_ fd: Int32, _ backlog: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.listen(fd, backlog)
    #else
    return Darwin.listen(fd, backlog)
    #endif
}

extension addrinfo {
    /// `getaddrinfo` hints for TCP over IPv4 or IPv6 (`AF_UNSPEC`: both families, in the order the system
    /// prefers), with `flags`. `package`: a listening socket (`AI_PASSIVE`) and SIOConnect's `HostResolver` ask alike.
    package static func tcp(flags: Int32 = 0) -> addrinfo {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = flags
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        return hints
    }
}

/// `close(2)`; a free function because inside `Connection` the name `close` means the method. `package` for
/// SIOConnect, which closes a socket whose `connect(2)` failed.
package func closeDescriptor(_ fd: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
