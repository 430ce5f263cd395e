// SPDX-License-Identifier: MIT

/// A latency histogram in the style of HdrHistogram: fixed memory, constant-time `record`, and
/// percentiles with a bounded relative error (under 1/64, about 1.6 %).
///
/// Values are microseconds. Below 128 µs every value has its own bucket (exact). Above, each
/// power of two is split into 64 equal buckets, so a bucket is never wider than 1/64 of its
/// values: 1000 µs lands in a bucket 16 µs wide, 1 s in one 16 ms wide. Keeping every sample
/// instead would allocate on the hot path and sorting millions of them would take longer than the
/// run; averaging would hide the tail, which is what a p99 is for.
///
/// ```swift
/// var histogram = LatencyHistogram()
/// histogram.record(microseconds: 87)
/// histogram.percentile(99)   // 87
/// ```
struct LatencyHistogram {
    private static let exactLimit: UInt64 = 128
    private static let subBuckets = 64
    /// 128 exact buckets, then 64 per power of two from 2^7 to 2^47 µs (about 4 years).
    private static let bucketCount = 128 + 41 * 64

    private var counts = [UInt64](repeating: 0, count: LatencyHistogram.bucketCount)
    private(set) var count: UInt64 = 0
    private(set) var maximum: UInt64 = 0
    private(set) var minimum: UInt64 = .max
    private var sum: UInt64 = 0

    /// Adds one sample.
    mutating func record(microseconds value: UInt64) {
        counts[Self.index(of: value)] &+= 1
        count &+= 1
        sum &+= value
        if value > maximum { maximum = value }
        if value < minimum { minimum = value }
    }

    var mean: Double { count == 0 ? 0 : Double(sum) / Double(count) }

    /// The smallest recorded value such that `percent` % of the samples are at or below it,
    /// reported as the middle of its bucket (and never above the true maximum). 0 when empty.
    func percentile(_ percent: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((percent / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, bucketCount) in counts.enumerated() where bucketCount > 0 {
            seen += bucketCount
            if seen >= rank { return min(Self.representative(of: index), maximum) }
        }
        return maximum
    }

    /// Every non-empty bucket as (the value it stands for, its count), in increasing order: what another process
    /// needs to merge several loaders' histograms into one (Benchmarks/scale_out.py) without re-recording samples.
    var buckets: [(value: UInt64, count: UInt64)] {
        counts.indices.filter { counts[$0] > 0 }.map { (min(Self.representative(of: $0), maximum), counts[$0]) }
    }

    /// The bucket of a value: exact below 128, then 64 buckets per power of two.
    static func index(of value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let highestBit = 63 - value.leadingZeroBitCount          // 7 for 128...255
        let shift = highestBit - 6                                // keeps the top 7 bits: 64...127
        let mantissa = Int(value >> UInt64(shift)) - subBuckets   // 0...63
        return min(128 + (shift - 1) * subBuckets + mantissa, bucketCount - 1)
    }

    /// The value a bucket stands for: itself when exact, else the middle of its range.
    static func representative(of index: Int) -> UInt64 {
        if index < Int(exactLimit) { return UInt64(index) }
        let shift = (index - 128) / subBuckets + 1
        let mantissa = UInt64((index - 128) % subBuckets + subBuckets)
        let low = mantissa << UInt64(shift)
        return low + (UInt64(1) << UInt64(shift)) / 2
    }
}
