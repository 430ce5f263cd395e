// SPDX-License-Identifier: MIT

/// One fuzz target: a parser, driven by arbitrary bytes, with the invariants it must keep.
///
/// A harness never returns an error: the parsers under test turn bad input into errors themselves, and
/// that is a normal outcome. A harness traps (``invariant(_:_:)``) only when something a caller relies
/// on breaks: a crash inside a parser, a round trip that does not come back, or an incremental parser
/// that says something else when the same bytes arrive in other pieces. libFuzzer saves such an input
/// as `crash-<sha1>`; `sio-fuzz <harness> <file>` replays it without the fuzzer.
struct FuzzHarness: Sendable {
    /// The name on the command line, and the folder of its seeds: `Fuzz/Corpus/<name>/`.
    let name: String
    /// What the harness feeds and checks, for `sio-fuzz list`.
    let summary: String
    /// Runs one input.
    let run: @Sendable ([UInt8]) -> Void

    /// Every harness, in the order of the layers.
    static let all: [FuzzHarness] = [
        .http, .chunked, .url, .engineIO, .base64, .webSocket, .utf8, .socketIO, .socketIOMessagePack, .json, .jwt,
        .messagePack, .resp,
    ]

    /// The harness called `name`, if there is one.
    static func named(_ name: String) -> FuzzHarness? {
        all.first { $0.name == name }
    }
}

/// Traps with `message` when `condition` is false: the fuzzer records the input as a crash.
///
/// `fatalError` rather than `precondition`, so that the message survives optimized builds.
func invariant(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { violation(message()) }
}

/// Traps: an invariant is broken in a way that ``invariant(_:_:)`` cannot express as one condition.
func violation(_ message: String) -> Never {
    fatalError("fuzz invariant broken: \(message)")
}
