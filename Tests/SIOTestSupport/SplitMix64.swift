// SPDX-License-Identifier: MIT

/// A tiny deterministic generator (SplitMix64) for the tests' random inputs: random splits of a request, random
/// timer deadlines, "random" session ids and masking keys. Seeded, so a failing run replays exactly.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (modulo bias is irrelevant for test inputs).
    public mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
