// SPDX-License-Identifier: MIT

import SIOServer

/// Some servers of a cluster did not answer a request in time (the Redis adapter's `requestsTimeout`, 5 s).
///
/// `serverSideEmit` with an acknowledgement gets the answers that did arrive in `responses`, as Node passes
/// them next to the error; `fetchClusterSockets` fails as a whole, as Node's `fetchSockets()` rejects.
/// The descriptions are Node's messages (`@socket.io/redis-adapter` `index.ts`).
public struct ClusterTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Request: String, Sendable, Hashable {
        case fetchSockets
        case serverSideEmit
    }

    public var request: Request
    /// How many servers answered, and how many were expected to.
    public var received: Int
    public var expected: Int
    /// The answers of a `serverSideEmit` (one per server that answered); empty for `fetchSockets`.
    public var responses: [SocketIOValue]

    public init(request: Request, received: Int, expected: Int, responses: [SocketIOValue] = []) {
        self.request = request
        self.received = received
        self.expected = expected
        self.responses = responses
    }

    public var description: String {
        switch request {
        case .fetchSockets: return "timeout reached while waiting for fetchSockets response"
        case .serverSideEmit: return "timeout reached: only \(received) responses received out of \(expected)"
        }
    }
}
