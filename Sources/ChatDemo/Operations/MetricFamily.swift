// SPDX-License-Identifier: MIT

/// One metric as Prometheus sees it: a name, a help text, a type, and one sample per label combination
/// (Prometheus exposition formats, "Text format details").
///
/// ```text
/// # HELP sio_engine_sessions Engine.IO sessions open now, by current transport.
/// # TYPE sio_engine_sessions gauge
/// sio_engine_sessions{transport="polling"} 2          <- one sample
/// sio_engine_sessions{transport="websocket"} 40       <- another
/// ```
struct MetricFamily: Equatable, Sendable {
    /// Only the two types this server needs: histograms and summaries are not used.
    enum Kind: String, Sendable {
        /// Only goes up (resets when the process restarts); by convention its name ends in `_total`.
        case counter
        /// Goes up and down: something counted or measured now.
        case gauge
    }

    let name: String
    let help: String
    let kind: Kind
    let samples: [MetricSample]
    /// How the family of each event loop adds up to the process's (`MetricCombination`).
    var combination = MetricCombination.sum
}

/// One value of a metric family, with its labels in the order they are written.
struct MetricSample: Equatable, Sendable {
    let labels: [MetricLabel]
    let value: Double

    init(_ value: Double, labels: [MetricLabel] = []) {
        self.labels = labels
        self.value = value
    }

    init(_ value: Int, labels: [MetricLabel] = []) {
        self.init(Double(value), labels: labels)
    }
}

/// A label: `transport="polling"`.
struct MetricLabel: Hashable, Sendable {
    let name: String
    let value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
