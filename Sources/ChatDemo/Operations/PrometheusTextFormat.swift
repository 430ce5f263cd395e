// SPDX-License-Identifier: MIT

/// Writes metric families in the Prometheus text exposition format, version 0.0.4 (Prometheus docs,
/// "Exposition formats"), the format every Prometheus server and most agents scrape:
///
/// ```text
/// # HELP sio_packets_received_total Socket.IO packets decoded from clients.
/// # TYPE sio_packets_received_total counter
/// sio_packets_received_total 1027
/// # HELP sio_engine_sessions Engine.IO sessions open now, by current transport.
/// # TYPE sio_engine_sessions gauge
/// sio_engine_sessions{transport="polling"} 0
/// sio_engine_sessions{transport="websocket"} 3
/// ```
///
/// The rules that matter, and that a hand-written exporter most often gets wrong:
/// - every line ends with `\n`, the last one included;
/// - in `# HELP` text, `\` is written `\\` and a line feed `\n`; in label values, `"` is also escaped, as `\"`;
/// - values are Go floats: whole numbers may be written without a fraction, and the special values are
///   `+Inf`, `-Inf` and `NaN`;
/// - a sample without labels has no braces at all.
///
/// Pure: strings in, a string out. The `/metrics` route serves it with `contentType`.
enum PrometheusTextFormat {
    /// The `Content-Type` Prometheus expects for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func render(_ families: [MetricFamily]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                text += family.name
                if !sample.labels.isEmpty {
                    text += "{"
                    text += sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
                    text += "}"
                }
                text += " \(format(sample.value))\n"
            }
        }
        return text
    }

    /// `1`, `0.25`, `1e+21`, `+Inf`, `NaN`. Whole numbers below 2^53 are written as integers: counters read
    /// as `1027`, not `1027.0`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return String(value)
    }

    static func escapeHelp(_ text: String) -> String {
        escape(text, quotes: false)
    }

    static func escapeLabelValue(_ text: String) -> String {
        escape(text, quotes: true)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"" where quotes: escaped += "\\\""
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*` (Prometheus data model, "Metric names and labels").
    static func isValidMetricName(_ name: String) -> Bool {
        isValidName(name, alsoAllowing: ":")
    }

    /// Label names: `[a-zA-Z_][a-zA-Z0-9_]*`; names starting with `__` are reserved for Prometheus itself.
    static func isValidLabelName(_ name: String) -> Bool {
        isValidName(name, alsoAllowing: nil) && !name.hasPrefix("__")
    }

    private static func isValidName(_ name: String, alsoAllowing extra: Unicode.Scalar?) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        guard let first = name.unicodeScalars.first, !isDigit(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || isDigit($0) || $0 == "_" || $0 == extra }
    }
}
