// SPDX-License-Identifier: MIT

import SIOHTTP

extension Connection {
    /// Why `connect(host:port:loop:)` gave no connection: the name did not resolve, or no address answered.
    package enum ConnectFailure: Error, CustomStringConvertible {
        /// `getaddrinfo` found no address for the host.
        case unresolved(HostResolver.Failure)
        /// Every address refused or failed; the error of the last one tried.
        case unreachable(SystemError)

        /// One line for logs.
        package var description: String {
            switch self {
            case .unresolved(let failure): failure.description
            case .unreachable(let error): error.description
            }
        }
    }

    /// Opens an outgoing TCP connection to `host` (a name, an IPv4 or an IPv6 literal) on `loop`.
    ///
    /// The name is resolved by `HostResolver` (off the loop, both families), then each address is tried in
    /// the system's order until one connects: `localhost` reaches a server bound to `127.0.0.1` even
    /// where it resolves to `::1` first (a simple form of RFC 8305's fallback, one address at a time).
    /// `completion` runs on the loop, as for `connect(to:loop:)`. Call on the loop thread.
    package static func connect(
        host: String, port: Int, loop: EventLoop, limits: ConnectionLimits = ConnectionLimits(),
        completion: @escaping (Result<Connection, ConnectFailure>) -> Void
    ) {
        HostResolver.resolve(host, port: port, on: loop) { resolved in
            switch resolved {
            case .success(let addresses): connect(toFirstOf: addresses[...], loop: loop, limits: limits, completion: completion)
            case .failure(let failure): completion(.failure(.unresolved(failure)))
            }
        }
    }

    /// Tries `addresses` (never empty: `HostResolver` answers at least one) in order; reports the first
    /// connection, or the last address's error.
    private static func connect(
        toFirstOf addresses: ArraySlice<SocketAddress>, loop: EventLoop, limits: ConnectionLimits,
        completion: @escaping (Result<Connection, ConnectFailure>) -> Void
    ) {
        connect(to: addresses[addresses.startIndex], loop: loop, limits: limits) { result in
            let rest = addresses.dropFirst()
            switch result {
            case .success(let connection): completion(.success(connection))
            case .failure(let error) where rest.isEmpty: completion(.failure(.unreachable(error)))
            case .failure: connect(toFirstOf: rest, loop: loop, limits: limits, completion: completion)
            }
        }
    }
}
