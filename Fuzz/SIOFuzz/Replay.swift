// SPDX-License-Identifier: MIT

// The plain build's `main`: runs saved inputs through the harnesses, with no fuzzer. A regression check
// for the committed corpus, and the way to replay a crash file on a toolchain without libFuzzer.
#if !SIO_FUZZ
import Foundation

/// `sio-fuzz list`, or `sio-fuzz <harness|all> [file or folder]...`.
///
/// Without paths a harness replays its committed corpus, `Fuzz/Corpus/<harness>/` (run from the
/// repository root). A broken invariant traps, so the exit status says whether every input passed.
@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first, first != "-h", first != "--help" else { usage(status: 2) }
        if first == "list" {
            for harness in FuzzHarness.all { print("\(harness.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(harness.summary)") }
            return
        }
        let harnesses = first == "all" ? FuzzHarness.all : FuzzHarness.named(first).map { [$0] } ?? []
        guard !harnesses.isEmpty else { usage(status: 2) }
        for harness in harnesses {
            let paths = arguments.count > 1 ? Array(arguments.dropFirst()) : ["Fuzz/Corpus/\(harness.name)"]
            let files = paths.flatMap(inputFiles)
            guard !files.isEmpty else {
                print("sio-fuzz: no inputs for \(harness.name) in \(paths.joined(separator: " "))")
                exit(1)
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    print("sio-fuzz: cannot read \(file)")
                    exit(1)
                }
                harness.run(Array(data))
            }
            print("\(harness.name): \(files.count) inputs ok")
        }
    }

    /// `path` itself, or the files in it (not recursive), sorted so that runs are repeatable.
    static func inputFiles(_ path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
    }

    static func usage(status: Int32) -> Never {
        print("usage: sio-fuzz list | sio-fuzz <harness|all> [file or folder]...")
        print("harnesses: \(FuzzHarness.all.map(\.name).joined(separator: " "))")
        exit(status)
    }
}
#endif
