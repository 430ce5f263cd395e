// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing

/// `BackPressure` against sequences of writes and flushes, with marks 1024 / 256 and a cap of 4096.
@Suite("Back-pressure decisions")
struct BackPressureDecisionTests {
    /// One thing that happened to the queue, and the change expected from it.
    enum Step: CustomStringConvertible, Sendable {
        /// `added` bytes were queued, making `total`.
        case queue(added: Int, total: Int, expect: BackPressure.Change?)
        /// A flush left `total` bytes.
        case flush(total: Int, expect: BackPressure.Change?)

        var description: String {
            switch self {
            case .queue(let added, let total, let change): "queue +\(added)=\(total) -> \(String(describing: change))"
            case .flush(let total, let change): "flush ->\(total) -> \(String(describing: change))"
            }
        }
    }

    static let limits: ConnectionLimits = {
        var limits = ConnectionLimits()
        limits.highWaterMark = 1024
        limits.lowWaterMark = 256
        limits.maxQueuedBytes = 4096
        return limits
    }()

    static let sequences: [(name: String, steps: [Step])] = [
        ("pause past high, hold between the marks, resume under low", [
            .queue(added: 900, total: 900, expect: nil),
            .queue(added: 124, total: 1024, expect: nil),
            .queue(added: 1, total: 1025, expect: .pause),
            .queue(added: 100, total: 1125, expect: nil),
            .flush(total: 600, expect: nil),
            .queue(added: 600, total: 1200, expect: nil),
            .flush(total: 256, expect: nil),
            .flush(total: 255, expect: .resume),
            .flush(total: 0, expect: nil),
        ]),
        ("a write onto a paused queue past the cap overflows", [
            .queue(added: 2000, total: 2000, expect: .pause),
            .queue(added: 2096, total: 4096, expect: nil),
            .queue(added: 1, total: 4097, expect: .overflow),
        ]),
        ("one write larger than the cap onto a queue under high only pauses", [
            .queue(added: 10_000, total: 10_000, expect: .pause),
            .flush(total: 100, expect: .resume),
            .queue(added: 5000, total: 5100, expect: .pause),
            .queue(added: 10, total: 5110, expect: .overflow),
        ]),
        ("a flush without a pause never resumes", [
            .queue(added: 500, total: 500, expect: nil),
            .flush(total: 0, expect: nil),
        ]),
    ]

    @Test("pauses, resumes and overflows at the configured marks", arguments: sequences.indices)
    func sequence(_ index: Int) {
        var pressure = BackPressure(limits: Self.limits)
        for step in Self.sequences[index].steps {
            switch step {
            case .queue(let added, let total, let expected):
                #expect(pressure.didQueue(added, total: total) == expected, "\(Self.sequences[index].name): \(step)")
            case .flush(let total, let expected):
                #expect(pressure.didFlush(total: total) == expected, "\(Self.sequences[index].name): \(step)")
            }
        }
    }

    @Test("is paused from the pause to the resume")
    func pausedState() {
        var pressure = BackPressure(limits: Self.limits)
        #expect(!pressure.isPaused)
        _ = pressure.didQueue(2000, total: 2000)
        #expect(pressure.isPaused)
        _ = pressure.didFlush(total: 0)
        #expect(!pressure.isPaused)
    }

    @Test("defaults to 1 MiB / 256 KiB, a 4 MiB cap and 30 s for a slow reader")
    func defaults() {
        let limits = ConnectionLimits()
        #expect(limits.highWaterMark == 1 << 20)
        #expect(limits.lowWaterMark == 1 << 18)
        #expect(limits.maxQueuedBytes == 4 << 20)
        #expect(limits.slowReaderTimeout == .seconds(30))
    }
}
