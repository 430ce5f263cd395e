// SPDX-License-Identifier: MIT

/// The ways an incremental parser is fed the same bytes, and the check that they all agree.
///
/// TCP may split a stream anywhere, so an incremental parser (HTTP, WebSocket, RESP) must produce the same
/// events whatever the pieces. Each input is fed whole, byte by byte, and at two sets of cut points
/// derived from the input itself (a hash, so that a crash file replays exactly).
enum Feeding {
    /// Byte-by-byte feeding costs one parser call per byte; above this size only the other ways run.
    static let byteByByteLimit = 4096

    /// `input` cut into pieces, one list per way of feeding it; the first is the whole input.
    static func ways(_ input: [UInt8]) -> [[ArraySlice<UInt8>]] {
        var ways = [[input[...]]]
        guard input.count > 1 else { return ways }
        if input.count <= byteByByteLimit {
            ways.append(input.indices.map { input[$0..<$0 + 1] })
        }
        var state = fnv1a(input)
        for _ in 0..<2 {
            var cuts: [Int] = []
            for _ in 0..<(1 + state % 4) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                cuts.append(Int((state >> 33) % UInt64(input.count)))
            }
            ways.append(pieces(input, cuts: cuts.sorted()))
        }
        return ways
    }

    /// Runs `parse` on every way of feeding `input` and traps unless all give the same outcome.
    static func checkSplitInvariance<Outcome: Equatable>(
        _ input: [UInt8], _ what: String, parse: ([ArraySlice<UInt8>]) -> Outcome
    ) {
        let ways = ways(input)
        let whole = parse(ways[0])
        for pieces in ways.dropFirst() {
            let split = parse(pieces)
            invariant(split == whole, "\(what): fed in \(pieces.count) pieces gives \(split), fed whole \(whole)")
        }
    }

    /// `input` cut before each index in `cuts` (sorted; repeats give empty pieces, which parsers must accept).
    static func pieces(_ input: [UInt8], cuts: [Int]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        for cut in cuts + [input.count] {
            pieces.append(input[start..<cut])
            start = cut
        }
        return pieces
    }

    /// FNV-1a: a cheap, stable hash of the input, used as the seed of its cut points.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
