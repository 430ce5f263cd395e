// SPDX-License-Identifier: MIT

/// The loader's result: one JSON object on one line, keys in the order they were added.
///
/// The runner (`Benchmarks/run.py`) reads the last line of stdout with `json.loads`; a person reads
/// it too, so the order is the order of importance (rate first, then latency, then the checks).
struct JSONLine: CustomStringConvertible {
    private var fields: [(key: String, json: String)] = []

    init() {}

    /// A result line that starts with what every scenario reports first: which scenario, over which
    /// transport, against which server.
    init(describing options: BenchOptions) {
        add("scenario", options.scenario.rawValue)
        add("transport", options.usePolling ? "polling" : "websocket")
        add("url", options.target.description)
    }

    mutating func add(_ key: String, _ value: Int) { fields.append((key, String(value))) }

    mutating func add(_ key: String, _ value: UInt64) { fields.append((key, String(value))) }

    mutating func add(_ key: String, _ value: Bool) { fields.append((key, value ? "true" : "false")) }

    /// Non-finite numbers become `null` (JSON has no NaN).
    mutating func add(_ key: String, _ value: Double, digits: Int = 3) {
        guard value.isFinite else { return fields.append((key, "null")) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        fields.append((key, rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)))
    }

    mutating func add(_ key: String, _ value: String) { fields.append((key, Self.quoted(value))) }

    mutating func add(_ key: String, _ values: [String]) {
        fields.append((key, "[" + values.map(Self.quoted).joined(separator: ",") + "]"))
    }

    mutating func add(_ key: String, _ object: JSONLine) { fields.append((key, object.description)) }

    /// The percentiles of a latency histogram, in microseconds.
    mutating func add(_ key: String, latency histogram: LatencyHistogram) {
        var object = JSONLine()
        object.add("count", histogram.count)
        object.add("min", histogram.count == 0 ? 0 : histogram.minimum)
        object.add("p50", histogram.percentile(50))
        object.add("p90", histogram.percentile(90))
        object.add("p99", histogram.percentile(99))
        object.add("p999", histogram.percentile(99.9))
        object.add("max", histogram.maximum)
        object.add("mean", histogram.mean, digits: 1)
        add(key, object)
    }

    /// The non-empty buckets of a latency histogram, `[[microseconds, count], ...]`, for merging across processes.
    mutating func add(_ key: String, buckets histogram: LatencyHistogram) {
        fields.append((key, "[" + histogram.buckets.map { "[\($0.value),\($0.count)]" }.joined(separator: ",") + "]"))
    }

    var description: String {
        "{" + fields.map { Self.quoted($0.key) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
