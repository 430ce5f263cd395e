// SPDX-License-Identifier: MIT

/// A load scenario: it starts its clients on the loader's event loop, runs, and calls `onFinish`
/// once its `result` line is ready (then `main` stops the loop and prints the line).
protocol BenchScenario: AnyObject {
    func start()
    var result: JSONLine { get }
    /// True when nothing was lost, duplicated or unexpected and no client failed.
    var clean: Bool { get }
    var onFinish: (() -> Void)? { get set }
}
