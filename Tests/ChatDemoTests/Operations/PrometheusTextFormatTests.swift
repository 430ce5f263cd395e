// SPDX-License-Identifier: MIT

@testable import ChatDemo
import Testing

@Suite("Metrics: the Prometheus text format 0.0.4")
struct PrometheusTextFormatTests {
    @Test("families render as HELP, TYPE, then one line per sample, every line ending in a line feed")
    func exactText() {
        let families = [
            MetricFamily(name: "sio_packets_received_total", help: "Packets received.", kind: .counter, samples: [MetricSample(1027)]),
            MetricFamily(
                name: "sio_engine_sessions", help: "Open sessions, by transport.", kind: .gauge,
                samples: [
                    MetricSample(0, labels: [MetricLabel("transport", "polling")]),
                    MetricSample(3, labels: [MetricLabel("transport", "websocket")]),
                ]),
            MetricFamily(
                name: "sio_engine_handshake_failures_total", help: "Refused.", kind: .counter,
                samples: [MetricSample(2, labels: [MetricLabel("code", "1"), MetricLabel("reason", "Session ID unknown")])]),
        ]
        #expect(PrometheusTextFormat.render(families) == """
            # HELP sio_packets_received_total Packets received.
            # TYPE sio_packets_received_total counter
            sio_packets_received_total 1027
            # HELP sio_engine_sessions Open sessions, by transport.
            # TYPE sio_engine_sessions gauge
            sio_engine_sessions{transport="polling"} 0
            sio_engine_sessions{transport="websocket"} 3
            # HELP sio_engine_handshake_failures_total Refused.
            # TYPE sio_engine_handshake_failures_total counter
            sio_engine_handshake_failures_total{code="1",reason="Session ID unknown"} 2

            """)
    }

    @Test("label values escape backslash, double quote and line feed; help text escapes backslash and line feed")
    func escaping() {
        let family = MetricFamily(
            name: "m", help: #"a \ b "c""# + "\nd", kind: .gauge,
            samples: [MetricSample(1, labels: [MetricLabel("l", #"C:\dir "x""# + "\ny")])])
        #expect(PrometheusTextFormat.render([family]) == #"""
            # HELP m a \\ b "c"\nd
            # TYPE m gauge
            m{l="C:\\dir \"x\"\ny"} 1

            """#)
    }

    @Test(
        "values are Go floats: whole numbers without a fraction, and +Inf, -Inf, NaN",
        arguments: [
            (0, "0"), (42, "42"), (-3, "-3"), (0.25, "0.25"), (1e21, "1e+21"), (1.5e-7, "1.5e-07"),
            (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (9_007_199_254_740_991, "9007199254740991"),
        ] as [(Double, String)])
    func values(value: Double, text: String) {
        #expect(PrometheusTextFormat.format(value) == text)
    }

    @Test("metric and label names follow the data model's patterns")
    func names() {
        #expect(PrometheusTextFormat.isValidMetricName("sio_bytes_sent_total"))
        #expect(PrometheusTextFormat.isValidMetricName("job:rate5m"))
        #expect(!PrometheusTextFormat.isValidMetricName("5xx"))
        #expect(!PrometheusTextFormat.isValidMetricName("sio-bytes"))
        #expect(!PrometheusTextFormat.isValidMetricName(""))
        #expect(PrometheusTextFormat.isValidLabelName("transport"))
        #expect(!PrometheusTextFormat.isValidLabelName("__name__"))
        #expect(!PrometheusTextFormat.isValidLabelName("a:b"))
    }

    @Test("the registry reads each family when collected, in registration order")
    func registry() {
        let registry = MetricsRegistry()
        var packets = 1
        registry.counter("packets_total", help: "Packets.") { packets }
        registry.gauge("ready", help: "Ready.") { 1 }
        packets = 5
        #expect(registry.render() == """
            # HELP packets_total Packets.
            # TYPE packets_total counter
            packets_total 5
            # HELP ready Ready.
            # TYPE ready gauge
            ready 1

            """)
        #expect(PrometheusTextFormat.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
