// SPDX-License-Identifier: MIT

import Testing
@testable import SIOBench

@Suite("What the hold scenario reads: servers, auth, stamped broadcasts, latency buckets")
struct HoldInputsTests {
    @Test("several comma-separated servers are taken in turn, and --auth follows the CONNECT's 40")
    func servers() throws {
        let options = try BenchOptions(arguments: [
            "hold", "--url", "ws://127.0.0.1:9001,ws://127.0.0.1:9002/socket.io/", "--auth", #"{"token":"t"}"#,
        ])
        #expect(options.targets.map(\.port) == [9001, 9002])
        #expect(options.target.port == 9001)
        #expect(options.connections == 10_000 && options.hold == 300 && options.event == "announcement")
        #expect(String(decoding: options.connectPacket, as: UTF8.self) == #"40{"token":"t"}"#)
        let plain = try BenchOptions(arguments: ["idle", "--url", "ws://127.0.0.1:9"])
        #expect(String(decoding: plain.connectPacket, as: UTF8.self) == "40")
    }

    @Test("a list with one unreadable server, and --auth over polling, are refused")
    func refused() {
        #expect(throws: BenchOptions.UsageError.self) {
            try BenchOptions(arguments: ["hold", "--url", "ws://127.0.0.1:9001,ws://127.0.0.1"])
        }
        #expect(throws: BenchOptions.UsageError.self) {
            try BenchOptions(arguments: ["hold", "--url", "http://127.0.0.1:9001", "--auth", "{}"])
        }
    }

    @Test("a stamped broadcast gives its number and send time; anything else is not one")
    func stamps() throws {
        let prefix = StampedBroadcast.prefix(event: "announcement")
        let packet = Array(#"2["announcement","b3t81234567890123"]"#.utf8)[...]
        let stamp = try #require(StampedBroadcast(packet, prefix: prefix))
        #expect(stamp.sequence == 3 && stamp.sentAt == 81_234_567_890_123)
        for other in [
            #"2["announcement","b3t81234567890123"]x"#, #"2["announcement","b3"]"#, #"2["other","b3t1"]"#,
            #"2["announcement","hello"]"#, #"2["announcement","bt1"]"#,
        ] {
            #expect(StampedBroadcast(Array(other.utf8)[...], prefix: prefix) == nil, "\(other)")
        }
    }

    @Test("the latency buckets add up to the samples, so that loaders' histograms merge exactly")
    func buckets() {
        var histogram = LatencyHistogram()
        for value: UInt64 in [5, 5, 1000, 250_000] { histogram.record(microseconds: value) }
        #expect(histogram.buckets.map(\.count) == [2, 1, 1])
        #expect(histogram.buckets.first?.value == 5 && histogram.buckets.last?.value == histogram.percentile(100))
        var line = JSONLine()
        line.add("b", buckets: histogram)
        #expect(line.description.hasPrefix(#"{"b":[[5,2],["#))
    }
}
