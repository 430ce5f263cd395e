// SPDX-License-Identifier: MIT

import Testing
@testable import SIOBench

@Suite("Latency histogram")
struct LatencyHistogramTests {
    @Test("values below 128 µs are kept exactly")
    func exactBelow128() {
        var histogram = LatencyHistogram()
        for value in 1...100 { histogram.record(microseconds: UInt64(value)) }
        #expect(histogram.percentile(50) == 50)
        #expect(histogram.percentile(99) == 99)
        #expect(histogram.percentile(100) == 100)
        #expect(histogram.maximum == 100)
        #expect(histogram.count == 100)
    }

    @Test("large values are reported within 1/64 of the truth", arguments: [200, 1_000, 12_345, 987_654, 30_000_000])
    func boundedRelativeError(value: Int) {
        var histogram = LatencyHistogram()
        histogram.record(microseconds: UInt64(value))
        histogram.record(microseconds: UInt64(value) * 4)
        let reported = Double(histogram.percentile(50))
        #expect(abs(reported - Double(value)) / Double(value) <= 1.0 / 64)
    }

    @Test("every bucket index maps back to a value in the same bucket")
    func indexRoundTrip() {
        for value: UInt64 in [0, 1, 127, 128, 129, 255, 256, 1 << 20, (1 << 20) + 12_345, 1 << 40] {
            let index = LatencyHistogram.index(of: value)
            #expect(LatencyHistogram.index(of: LatencyHistogram.representative(of: index)) == index)
        }
    }

    @Test("the mean and the extremes are exact")
    func meanAndExtremes() {
        var histogram = LatencyHistogram()
        for value: UInt64 in [10, 30, 50] { histogram.record(microseconds: value) }
        #expect(histogram.mean == 30)
        #expect(histogram.minimum == 10 && histogram.maximum == 50)
        #expect(histogram.percentile(50) == 30)
    }

    @Test("an empty histogram reports zeros")
    func empty() {
        let histogram = LatencyHistogram()
        #expect(histogram.percentile(99) == 0)
        #expect(histogram.mean == 0)
    }
}
