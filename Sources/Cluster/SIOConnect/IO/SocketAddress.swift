// SPDX-License-Identifier: MIT

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address and a TCP port: what `Connection.connect(to:)` dials.
///
/// It holds the address as text (`127.0.0.1`, `::1`), checked with `inet_pton` (POSIX), and builds the
/// `sockaddr_in` or `sockaddr_in6` only for the system call, so the value is `Sendable` and `Hashable`
/// and one code path opens both families. A literal needs no lookup (`SocketAddress(ip:port:)`); a host
/// name goes through `HostResolver`, off the loop.
package struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address in its numeric form, without brackets: `127.0.0.1` or `::1`.
    package let ip: String
    /// The TCP port, 0...65535.
    package let port: Int
    /// `AF_INET` or `AF_INET6`.
    package let family: Int32

    /// The address of an IPv4 (`127.0.0.1`) or IPv6 (`::1`, `2001:db8::7`) literal, or `nil` for anything else
    /// (a host name, brackets, a zone such as `%eth0`, a port out of range). No lookup happens.
    package init?(ip: String, port: Int) {
        guard (0...65535).contains(port) else { return nil }
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, ip, &ipv4) == 1 {
            family = AF_INET
        } else if inet_pton(AF_INET6, ip, &ipv6) == 1 {
            family = AF_INET6
        } else {
            return nil
        }
        self.ip = ip
        self.port = port
    }

    /// `127.0.0.1:6379`, or `[::1]:6379` for IPv6 (RFC 3986 §3.2.2: brackets keep the port apart).
    package var description: String {
        family == AF_INET6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Calls `body` with the `sockaddr` of this address and its length, for `connect(2)`.
    package func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, ip, &address.sin6_addr)
            return Self.withGenericAddress(&address, body)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, ip, &address.sin_addr)
        return Self.withGenericAddress(&address, body)
    }

    /// `address` (a `sockaddr_in` or `sockaddr_in6`) seen as the generic `sockaddr` the socket calls take.
    private static func withGenericAddress<Address, Result>(
        _ address: inout Address, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
    ) -> Result {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }
}
