// SPDX-License-Identifier: MIT

import SIOHTTP

/// A request of one loop that waits for one answer from each other loop of its `LoopAdapterGroup`
/// (`fetchClusterSockets`, `serverSideEmit` with an acknowledgement), like the Redis adapter's pending requests.
///
/// It lives on the asking loop; the other loops only carry it in a `LoopBound` and send their answer back with
/// `execute`, so `receive` always runs on the asking loop. A loop where the namespace does not exist answers
/// `nil`: it has nothing to say, and is then not counted among the loops expected to answer.
final class LoopGroupRequest<Answer> {
    private(set) var answers: [Answer] = []
    /// The loops that have the namespace, or have not said yet that they do not.
    private(set) var expected: Int
    private var waiting: Int
    private var completion: (([Answer]) -> Void)?
    private var timer: LoopTimer?

    /// Waits for `peers` answers; with none to wait for, `completion` runs at once.
    init(peers: Int, completion: @escaping ([Answer]) -> Void) {
        expected = peers
        waiting = peers
        self.completion = completion
        if peers == 0 { finish() }
    }

    /// Gives up after `delay` on `loop` (the asking loop): `onTimeout` then gets this request, with the answers
    /// that arrived, instead of `completion`.
    func timeOut(after delay: Duration, on loop: EventLoop, _ onTimeout: @escaping (LoopGroupRequest) -> Void) {
        guard completion != nil else { return }
        timer = loop.schedule(after: delay) { [self] in
            guard completion != nil else { return }
            completion = nil
            onTimeout(self)
        }
    }

    /// One loop answered; `nil` when the namespace does not exist there.
    func receive(_ answer: Answer?) {
        guard completion != nil else { return }
        waiting -= 1
        if let answer { answers.append(answer) } else { expected -= 1 }
        if waiting == 0 { finish() }
    }

    private func finish() {
        timer?.cancel()
        timer = nil
        let completion = self.completion
        self.completion = nil
        completion?(answers)
    }
}
