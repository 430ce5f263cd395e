// SPDX-License-Identifier: MIT

import SIOCommandLine
import SIOLoops
import Testing

/// `--loops N`, read by the executables that run several loops (Step 5), on top of the steps' common options.
@Suite("The --loops option")
struct LoopCountOptionTests {
    private func loops(_ arguments: [String]) throws -> Int {
        let options = try CommandLineOptions(
            arguments: arguments, environment: [:], switchNames: ["quiet"], valueNames: LoopGroup.optionNames.union(["static"]))
        return try LoopGroup.count(from: options)
    }

    /// The one line `fromProcess` prints (after `Step5: `) for `arguments`.
    private func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try loops(arguments)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("reads the loop count with `--loops N` and `--loops=N`, next to the other options, and is 1 without it")
    func readsLoops() throws {
        #expect(try loops(["--host", "127.0.0.1", "--port=8080", "--loops", "4", "--static", "/srv", "--quiet"]) == 4)
        #expect(try loops(["--loops=2"]) == 2)
        #expect(try loops(["--port", "0"]) == 1)
    }

    @Test(
        "refuses a loop count outside 1...64 with one line that names it",
        arguments: [
            (["--loops", "0"], "invalid --loops '0' (expected a whole number from 1 to 64)"),
            (["--loops", "65"], "invalid --loops '65' (expected a whole number from 1 to 64)"),
            (["--loops", "99999999999999999999"], "invalid --loops '99999999999999999999' (expected a whole number from 1 to 64)"),
        ] as [([String], String)])
    func refusals(arguments: [String], message: String) {
        #expect(refusal(arguments) == message)
    }
}
