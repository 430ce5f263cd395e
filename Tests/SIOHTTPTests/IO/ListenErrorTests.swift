// SPDX-License-Identifier: MIT

import Testing

@testable import SIOHTTP

struct ListenErrorTests {
    @Test("a port already taken fails the start with one line saying where and why")
    func portInUse() throws {
        let loop = try EventLoop()
        let first = HTTPServer(loop: loop)
        let port = try first.start(host: "127.0.0.1", port: 0)
        let second = HTTPServer(loop: loop)
        #expect {
            try second.start(host: "127.0.0.1", port: port)
        } throws: { error in
            "\(error)" == "cannot listen on 127.0.0.1:\(port): Address already in use"
        }
        withExtendedLifetime(first) {}
    }

    @Test("shows an IPv6 host in brackets, so the port stays readable")
    func bracketsIPv6() {
        #expect(
            "\(ListenError(host: "::1", port: 3000, reason: "Address already in use"))"
                == "cannot listen on [::1]:3000: Address already in use")
    }
}
