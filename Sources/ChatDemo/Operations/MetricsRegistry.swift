// SPDX-License-Identifier: MIT

/// The metrics this process exposes at `GET /metrics`, each registered once with a closure that reads its
/// value when Prometheus scrapes.
///
/// Why closures and not counter objects that the code increments: the counts already exist. The layers keep
/// plain integers as they work (`HTTPServer.statistics`, `EngineServer.statistics`, `Server.statistics`), and
/// gauges are facts that can be read at any time (`engine.sessions.count`). Reading them at scrape time
/// costs nothing between scrapes and keeps the layers free of any metrics library. `ChatMetrics` registers
/// the chat server's families; a cluster adapter can add its own with `register`.
///
/// ```swift
/// let metrics = MetricsRegistry()
/// metrics.counter("sio_upgrades_total", help: "Completed upgrades.") { engine.statistics.upgrades }
/// metrics.register("sio_engine_sessions", .gauge, help: "Open sessions, by transport.") {
///     [MetricSample(3, labels: [MetricLabel("transport", "websocket")])]
/// }
/// metrics.render()      // the Prometheus text format
/// ```
///
/// Confined to its event loop, like the state the closures read; a process with several loops has one
/// registry per loop, which `ProcessMetrics` reads on each loop and combines.
final class MetricsRegistry {
    private struct Entry {
        let name: String
        let help: String
        let kind: MetricFamily.Kind
        let combination: MetricCombination
        let collect: () -> [MetricSample]
    }

    private var entries: [Entry] = []

    /// Adds a family. Names are checked here, once: an invalid or repeated name, or a counter whose name does
    /// not end in `_total` (the Prometheus naming convention scrapers rely on), is a programming error.
    /// `combination` says how the process adds up this family over its event loops (`ProcessMetrics`).
    func register(
        _ name: String, _ kind: MetricFamily.Kind, help: String, combination: MetricCombination = .sum,
        collect: @escaping () -> [MetricSample]
    ) {
        // Metric and label names are the program's constants, registered once at start: a bug shows at the first run.
        precondition(PrometheusTextFormat.isValidMetricName(name), "invalid metric name \(name)")
        precondition(!entries.contains { $0.name == name }, "metric \(name) registered twice")
        precondition(kind != .counter || name.hasSuffix("_total"), "counter \(name) must end in _total")
        entries.append(Entry(name: name, help: help, kind: kind, combination: combination, collect: collect))
    }

    /// A counter without labels.
    func counter(_ name: String, help: String, _ value: @escaping () -> Int) {
        register(name, .counter, help: help) { [MetricSample(value())] }
    }

    /// A gauge without labels.
    func gauge(
        _ name: String, help: String, combination: MetricCombination = .sum, _ value: @escaping () -> Double
    ) {
        register(name, .gauge, help: help, combination: combination) { [MetricSample(value())] }
    }

    /// Every family with its current samples, in registration order.
    func collect() -> [MetricFamily] {
        entries.map { entry in
            let samples = entry.collect()
            for label in samples.flatMap(\.labels) {
                // Label names are the program's constants too; only label values come from data (and are escaped).
                precondition(PrometheusTextFormat.isValidLabelName(label.name), "invalid label name \(label.name)")
            }
            return MetricFamily(
                name: entry.name, help: entry.help, kind: entry.kind, samples: samples, combination: entry.combination)
        }
    }

    /// The exposition served at `/metrics`.
    func render() -> String {
        PrometheusTextFormat.render(collect())
    }
}
