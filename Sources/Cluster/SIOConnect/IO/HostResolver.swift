// SPDX-License-Identifier: MIT

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SIOHTTP

/// Turns a host name (`redis`, `cache.internal`, `localhost`) into the IPv4 and IPv6 addresses to dial: the one
/// place outbound connections resolve names (`Connection.connect(host:port:loop:)` uses it).
///
/// `getaddrinfo` blocks, for as long as the DNS server takes: on the event loop it would freeze every client
/// of the server. So a name is resolved on a thread of its own, and the answer comes back to the loop with
/// `loop.execute`. An address literal (`10.0.0.5`, `::1`) needs no lookup and is answered at once. Both
/// families are asked for (`AF_UNSPEC`), in the order the system prefers (RFC 6724, `/etc/gai.conf`), so
/// an IPv6-only Redis is reachable and a dual-stack name tries IPv6 first where the system says so.
package enum HostResolver {
    /// Why a name gave no address: `getaddrinfo`'s own message (`Name or service not known`).
    package struct Failure: Error, CustomStringConvertible {
        /// One line for logs: `cannot resolve redis.internal: Name or service not known`.
        package let description: String
    }

    /// Calls `completion` on `loop` with the addresses of `host` (at least one) or why there are none.
    /// Call on the loop thread.
    package static func resolve(
        _ host: String, port: Int, on loop: EventLoop, completion: @escaping (Result<[SocketAddress], Failure>) -> Void
    ) {
        if let literal = SocketAddress(ip: host, port: port) {
            return completion(.success([literal]))
        }
        let callback = LoopBound(completion, loop: loop)
        Thread.detachNewThread {
            let result = lookup(host, port: port)
            loop.execute { callback.value(result) }
        }
    }

    /// Every TCP address of `host`, IPv4 and IPv6, duplicates removed, in the system's order. Blocks: call
    /// it off the loop (the blocking test client does).
    package static func lookup(_ host: String, port: Int) -> Result<[SocketAddress], Failure> {
        var hints = addrinfo.tcp()
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0 else {
            return .failure(Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        var addresses: [SocketAddress] = []
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let found = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6,
                let address = SocketAddress(ip: numericHost(found, length: info.ai_addrlen), port: port),
                !addresses.contains(address)
            else { continue }
            addresses.append(address)
        }
        guard !addresses.isEmpty else { return .failure(Failure(description: "cannot resolve \(host): no IPv4 or IPv6 address")) }
        return .success(addresses)
    }

    /// The numeric form of `address` (`127.0.0.1`, `::1`); `NI_NUMERICHOST` makes `getnameinfo` ask no DNS server.
    private static func numericHost(_ address: UnsafePointer<sockaddr>, length: socklen_t) -> String {
        var host = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 16)
        guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { return "" }
        return host.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
