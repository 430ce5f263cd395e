// SPDX-License-Identifier: MIT

import SIOServer

/// Some servers of a cluster did not answer a request in time (the Redis adapter's `requestsTimeout`, 5 s).
///
/// `serverSideEmit` with an acknowledgement gets the answers that did arrive in `responses`, as Node passes
/// them next to the error; `fetchClusterSockets` fails as a whole, as Node's `fetchSockets()` rejects.
/// The descriptions are Node's messages (`@socket.io/redis-adapter` `index.ts`).
public struct ClusterTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which request timed out: the two differ in what a caller gets (no sockets at all, or the answers so far)
    /// and in Node's message.
    public enum Request: String, Sendable, Hashable {
        /// `fetchClusterSockets` (Node's `fetchSockets()`): fails as a whole.
        case fetchSockets
        /// `serverSideEmit` with an acknowledgement: the answers that arrived are in `responses`.
        case serverSideEmit
    }

    /// The request that timed out.
    public var request: Request
    /// How many servers answered, and how many were expected to.
    public var received: Int
    /// How many servers were asked (every other server of the cluster), so `expected - received` did not answer.
    public var expected: Int
    /// The answers of a `serverSideEmit` (one per server that answered); empty for `fetchSockets`.
    public var responses: [SocketIOValue]

    /// For a cluster adapter (SIORedis, SIOLoops, one of your own) whose request timer fired.
    public init(request: Request, received: Int, expected: Int, responses: [SocketIOValue] = []) {
        self.request = request
        self.received = received
        self.expected = expected
        self.responses = responses
    }

    /// Node's error message for the same timeout, word for word, so logs read alike on either server.
    public var description: String {
        switch request {
        case .fetchSockets: return "timeout reached while waiting for fetchSockets response"
        case .serverSideEmit: return "timeout reached: only \(received) responses received out of \(expected)"
        }
    }
}
