// SPDX-License-Identifier: MIT

import SIOHTTP
import SIOJSON

/// The three routes that operators and their tools use, next to the chat's own `/api/health`:
///
/// | route          | answers                                                                      | used by                    |
/// |----------------|------------------------------------------------------------------------------|----------------------------|
/// | `GET /health`  | `200 {"status":"ok"}` while the event loop runs                              | liveness probes, systemd watchdogs, uptime checks |
/// | `GET /ready`   | `200 {"status":"ready"}`, or `503 {"status":"not ready","reasons":[...]}`    | load balancers, readiness probes |
/// | `GET /metrics` | the Prometheus text format, for the whole process (`ProcessMetrics`)         | Prometheus, Grafana Agent, ... |
///
/// None of them needs a token: a probe has none. What they reveal is counts, not content; still, expose them
/// only to the operators' network (docs/deploy.md shows the nginx `location` that keeps them private).
/// Every answer says `Cache-Control: no-store`: a cached readiness answer is a wrong one.
enum OperationsRoutes {
    /// Mounts the routes. `readiness` is held weakly: it belongs to the app, and the HTTP server, which owns its
    /// routes, must not keep it (and what its checks capture) alive. `/health` and `/ready` answer for this
    /// loop; `/metrics` answers for the whole process (`ProcessMetrics` asks every loop), later, on this loop.
    static func install(on http: HTTPServer, readiness: Readiness, metrics: ProcessMetrics) {
        http.mount("/health", methods: ["GET"]) { _, _ in
            .response(json(.ok, ["status": "ok"]))
        }
        http.mount("/ready", methods: ["GET"]) { [weak readiness] _, _ in
            let reasons = readiness?.reasons ?? [Readiness.shuttingDownReason]
            guard reasons.isEmpty else {
                return .response(json(.serviceUnavailable, ["status": "not ready", "reasons": .array(reasons.map(JSON.string))]))
            }
            return .response(json(.ok, ["status": "ready"]))
        }
        let loop = http.loop
        http.mount("/metrics", methods: ["GET"]) { _, context in
            let writer = context.deferResponse()
            metrics.scrape(answeringOn: loop) { families in
                var response = HTTPResponse(contentType: PrometheusTextFormat.contentType, text: PrometheusTextFormat.render(families))
                response.headers["Cache-Control"] = "no-store"
                writer.send(response)
            }
            return .deferred(writer)
        }
    }

    private static func json(_ status: HTTPStatus, _ body: JSON) -> HTTPResponse {
        var response = HTTPResponse(status: status, contentType: "application/json", text: body.serialized())
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
