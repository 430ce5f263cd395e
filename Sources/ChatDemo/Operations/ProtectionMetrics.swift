// SPDX-License-Identifier: MIT

/// The metric families of what protects ChatDemo from its clients: the password pool, login throttling, the
/// daily log's cap. All three are shared by the loops (`ChatShared`), so each family is taken once
/// (`MetricCombination.shared`), whichever loop answers the scrape.
///
/// | family                                  | what to watch |
/// |-----------------------------------------|---------------|
/// | `chatdemo_password_jobs`                | waiting near `password-queue`: logins are about to get 503 |
/// | `chatdemo_password_jobs_total`          | `rejected` rising: raise `password-threads` or look for an attack |
/// | `chatdemo_login_throttled_total`        | someone guessing passwords (by `scope`) |
/// | `chatdemo_log_records_dropped_total`    | a day's log reached `log-max-bytes` |
enum ProtectionMetrics {
    static func register(on registry: MetricsRegistry, shared: ChatShared) {
        let pool = shared.passwordPool, loginGuard = shared.loginGuard, logger = shared.logger
        registry.register(
            "chatdemo_password_jobs", .gauge, help: "Password hashes waiting for a thread or running, by state.",
            combination: .shared
        ) {
            let statistics = pool.currentStatistics
            return [
                MetricSample(statistics.waiting, labels: [MetricLabel("state", "waiting")]),
                MetricSample(statistics.running, labels: [MetricLabel("state", "running")]),
            ]
        }
        registry.register(
            "chatdemo_password_jobs_total", .counter,
            help: "Password hashes completed, and refused because the queue was full (answered 503), by outcome.",
            combination: .shared
        ) {
            let statistics = pool.currentStatistics
            return [
                MetricSample(statistics.completed, labels: [MetricLabel("outcome", "completed")]),
                MetricSample(statistics.rejected, labels: [MetricLabel("outcome", "rejected")]),
            ]
        }
        registry.register(
            "chatdemo_login_throttled_total", .counter,
            help: "Password attempts refused with 429 after too many failures, by the limit that refused them.",
            combination: .shared
        ) {
            LoginGuard.Scope.allCases.map { scope in
                MetricSample(loginGuard.refusals(scope), labels: [MetricLabel("scope", scope.rawValue)])
            }
        }
        registry.register(
            "chatdemo_log_records_dropped_total", .counter,
            help: "Log records left out of a daily file that had reached log-max-bytes.", combination: .shared
        ) {
            [MetricSample(logger.droppedRecords)]
        }
    }
}
