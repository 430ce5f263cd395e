// SPDX-License-Identifier: MIT

import Foundation
import SIOHTTP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a host name (`redis`, `cache.internal`) into an IPv4 address for `Connection.connect`, which takes
/// addresses only.
///
/// `getaddrinfo` blocks, for as long as the DNS server takes: on the event loop it would freeze every client
/// of the server. So a name is resolved on a thread of its own, and the answer comes back to the loop with
/// `loop.execute`. An IPv4 address needs no lookup and is answered at once. The Redis connection
/// resolves again at every attempt, so a Redis that comes back with a new address (a restarted container)
/// is found.
enum HostResolver {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func resolve(_ host: String, on loop: EventLoop, completion: @escaping (Result<String, Failure>) -> Void) {
        var probe = in_addr()
        if inet_pton(AF_INET, host, &probe) == 1 {
            return completion(.success(host))
        }
        let callback = LoopBound(completion)
        Thread.detachNewThread {
            let result = lookup(host)
            loop.execute { callback.value(result) }
        }
    }

    /// The first IPv4 address of `host`.
    private static func lookup(_ host: String) -> Result<String, Failure> {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let address = list?.pointee.ai_addr else {
            return .failure(Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
        }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        let ok = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
            var ipv4 = pointer.pointee.sin_addr
            return inet_ntop(AF_INET, &ipv4, &text, socklen_t(text.count)) != nil
        }
        guard ok else { return .failure(Failure(description: "cannot resolve \(host): no IPv4 address")) }
        return .success(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
