// SPDX-License-Identifier: MIT

/// How a metric family of each event loop becomes the process's family on `/metrics`.
///
/// Every loop of a process keeps its own counts (its connections, sessions, sockets), but Prometheus scrapes
/// the process and must see it as one server, whichever loop answered. The loops' families are combined
/// sample by sample (the same labels), each family by the rule it was registered with: adding up a status
/// such as "ready" would report a process with two loops as ready twice, and adding up a value that every
/// loop reads from shared state (users online) would count each user once per loop.
enum MetricCombination: Sendable {
    /// Added up: counters, and gauges that count what each loop has (sockets, sessions, connections).
    case sum
    /// The smallest: a status the process has only if every loop has it (1 ready, 1 connected).
    case minimum
    /// Taken from the first loop: a value read from state all the loops share (users online, log records,
    /// the start time), which each loop reports whole.
    case shared

    /// The process's families from each loop's (`perLoop[i]` are loop i's, in registration order). Families
    /// and samples keep the order in which they first appear; a sample that only some loops have (a namespace
    /// that exists on one loop) combines the values of those loops.
    static func combine(_ perLoop: [[MetricFamily]]) -> [MetricFamily] {
        var names: [String] = []
        var families: [String: [MetricFamily]] = [:]
        for family in perLoop.joined() {
            if families[family.name] == nil { names.append(family.name) }
            families[family.name, default: []].append(family)
        }
        return names.compactMap { families[$0].flatMap(combine) }
    }

    /// One family from its copies, one per loop; `nil` for no copies.
    private static func combine(_ copies: [MetricFamily]) -> MetricFamily? {
        guard let first = copies.first else { return nil }
        let rule = first.combination
        var labelSets: [[MetricLabel]] = []
        var values: [[MetricLabel]: [Double]] = [:]
        for sample in (rule == .shared ? [first] : copies).flatMap(\.samples) {
            if values[sample.labels] == nil { labelSets.append(sample.labels) }
            values[sample.labels, default: []].append(sample.value)
        }
        let samples = labelSets.map { labels in MetricSample(rule.apply(values[labels] ?? []), labels: labels) }
        return MetricFamily(name: first.name, help: first.help, kind: first.kind, samples: samples, combination: rule)
    }

    private func apply(_ values: [Double]) -> Double {
        switch self {
        case .sum: values.reduce(0, +)
        case .minimum: values.min() ?? 0
        case .shared: values.first ?? 0
        }
    }
}
