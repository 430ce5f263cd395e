// SPDX-License-Identifier: MIT

/// The exact accounting every run reports: nothing may be lost, duplicated or unexpected.
///
/// Each message carries a sequence number (and, for echo, the sender's index), so the loader knows
/// exactly which answer it is waiting for: an answer that comes twice is `duplicated`, one that
/// never comes is `lost` (counted when the run ends and its grace period is over), and anything
/// that does not match the contract byte for byte is `unexpected`. A benchmark that reports a
/// rate without these is measuring a server that may be dropping work.
struct Tally {
    var sent = 0
    var received = 0
    var lost = 0
    var duplicated = 0
    var unexpected = 0
    /// Clients that failed to connect or were disconnected by the server.
    var failures = 0
    private(set) var samples: [String] = []

    /// Keeps the first few descriptions of problems for the result line.
    mutating func note(_ text: String) {
        if samples.count < 5 { samples.append(text) }
    }

    mutating func unexpected(_ packet: ArraySlice<UInt8>) {
        unexpected += 1
        note("unexpected: " + String(decoding: packet.prefix(120), as: UTF8.self))
    }

    /// Something a client could not place (`SocketIOClientDelegate.client(_:didReceiveUnexpected:)`).
    mutating func unexpected(description: String) {
        unexpected += 1
        note("unexpected: " + description)
    }

    mutating func failure(_ reason: String) {
        failures += 1
        note("failure: " + reason)
    }

    var isClean: Bool { lost == 0 && duplicated == 0 && unexpected == 0 && failures == 0 }

    func add(to line: inout JSONLine) {
        line.add("sent", sent)
        line.add("received", received)
        line.add("lost", lost)
        line.add("duplicated", duplicated)
        line.add("unexpected", unexpected)
        line.add("failures", failures)
        if !samples.isEmpty { line.add("problems", samples) }
    }
}
