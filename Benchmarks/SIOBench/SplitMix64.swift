// SPDX-License-Identifier: MIT

/// A tiny, fast pseudo-random generator (SplitMix64) for the masking keys of client frames.
///
/// RFC 6455 §5.3 wants every frame masked with a fresh, unpredictable key, so that a script in a
/// browser cannot make a proxy see bytes of its choosing. A load generator on loopback has no such
/// attacker, and `SystemRandomNumberGenerator` (a `getrandom` system call per key) would add one
/// system call per message; a seeded SplitMix64 gives fresh-looking keys for a few instructions.
/// The seed comes from the system generator, once per client.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A seed from the system's generator: different runs mask differently.
    static func freshSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
