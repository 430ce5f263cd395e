// SPDX-License-Identifier: MIT

import SIOCluster
import SIOHTTP
import SIOServer

/// A request of this server that waits for one answer per other server (fetch, server-side emit with an ack):
/// the answers so far, how many are expected, and the timer that ends the wait (Node keeps the same in its
/// `requests` map: `numSub`, `msgCount`, `responses`, `timeout`).
final class PendingRequest {
    let kind: ClusterTimeoutError.Request
    let expected: Int
    private(set) var answers: [SocketIOValue] = []
    var timer: LoopTimer?
    private var completion: ((Result<[SocketIOValue], ClusterTimeoutError>) -> Void)?

    init(kind: ClusterTimeoutError.Request, expected: Int, completion: @escaping (Result<[SocketIOValue], ClusterTimeoutError>) -> Void) {
        self.kind = kind
        self.expected = expected
        self.completion = completion
    }

    /// Records one server's answer; true when it was the last one expected.
    func receive(_ answer: SocketIOValue) -> Bool {
        answers.append(answer)
        return answers.count >= expected
    }

    /// The error for a wait that ended at the timeout: a server-side emit passes on the answers it has.
    var timeoutError: ClusterTimeoutError {
        ClusterTimeoutError(
            request: kind, received: answers.count, expected: expected, responses: kind == .serverSideEmit ? answers : [])
    }

    /// Calls the completion once and stops the timer.
    func finish(_ result: Result<[SocketIOValue], ClusterTimeoutError>) {
        timer?.cancel()
        timer = nil
        let completion = self.completion
        self.completion = nil
        completion?(result)
    }
}
