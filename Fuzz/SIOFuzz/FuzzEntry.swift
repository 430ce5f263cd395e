// SPDX-License-Identifier: MIT

// The fuzz build's `main` (`-D SIO_FUZZ`, see scripts/fuzz.sh): libFuzzer's driver, running the harness
// named by `SIO_FUZZ_HARNESS`. A plain build has `Replay` as its `main` instead.
#if SIO_FUZZ
import CLibFuzzer
import Foundation

@main
enum FuzzEntry {
    /// The harness this process runs: one binary serves every harness.
    static let harness: FuzzHarness = {
        if let name = ProcessInfo.processInfo.environment["SIO_FUZZ_HARNESS"], let harness = FuzzHarness.named(name) {
            return harness
        }
        print("sio-fuzz: set SIO_FUZZ_HARNESS to one of: \(FuzzHarness.all.map(\.name).joined(separator: " "))")
        exit(2)
    }()

    static func main() {
        _ = harness
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzEntry.harness.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
    }
}
#endif
