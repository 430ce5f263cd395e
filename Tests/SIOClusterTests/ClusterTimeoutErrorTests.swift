// SPDX-License-Identifier: MIT

import SIOCluster
import Testing

/// What a cluster request that some servers did not answer reports.
@Suite("Cluster timeouts")
struct ClusterTimeoutErrorTests {
    @Test("describes a timeout with the messages of Node's Redis adapter")
    func nodeMessages() {
        let fetch = ClusterTimeoutError(request: .fetchSockets, received: 1, expected: 2)
        let emit = ClusterTimeoutError(request: .serverSideEmit, received: 1, expected: 3, responses: ["pong"])
        #expect(fetch.description == "timeout reached while waiting for fetchSockets response")
        #expect(emit.description == "timeout reached: only 1 responses received out of 3")
        #expect(emit.responses == ["pong"])
    }
}
