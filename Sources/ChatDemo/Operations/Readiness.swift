// SPDX-License-Identifier: MIT

/// Whether this process should be sent new clients now: what `GET /ready` answers.
///
/// Liveness and readiness are different questions (Kubernetes probes, load-balancer health checks):
/// - `/health`, liveness: the event loop answers. If it does not, restart the process.
/// - `/ready`, readiness: the process can serve a new client well. If not, send clients elsewhere but do
///   not restart it: it is shutting down on purpose, or waiting for a dependency (the Redis adapter's link)
///   to come back.
///
/// Each check returns `nil` when it is satisfied and a short reason otherwise; `/ready` lists the reasons.
///
/// ```swift
/// let readiness = Readiness { shared.isShuttingDown }
/// readiness.add { store.isOpen ? nil : "the database is closed" }
/// readiness.reasons      // [] when ready; ["server shutting down"] after SIGTERM
/// ```
final class Readiness {
    /// The reason given while a graceful shutdown runs.
    static let shuttingDownReason = "server shutting down"

    private var checks: [() -> String?] = []
    /// Whether a graceful shutdown has started. Asked, not stored: the flag belongs to the process
    /// (`ChatShared`), so that a shutdown started on one loop turns every loop's `/ready` off at once.
    private let shuttingDown: () -> Bool

    init(shuttingDown: @escaping () -> Bool) {
        self.shuttingDown = shuttingDown
    }

    /// Adds a check, evaluated on every `/ready` request (on the loop, so it must be quick).
    func add(_ check: @escaping () -> String?) {
        checks.append(check)
    }

    /// Why the process is not ready; empty when it is.
    var reasons: [String] {
        (shuttingDown() ? [Self.shuttingDownReason] : []) + checks.compactMap { $0() }
    }

    var isReady: Bool { reasons.isEmpty }
}
