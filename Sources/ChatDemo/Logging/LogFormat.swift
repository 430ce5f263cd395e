// SPDX-License-Identifier: MIT

/// How the console prints log records (`--log-format`).
///
/// - `text`, for people: `2026-01-01 09:30:00.000 info  ChatDemo listening on http://localhost:3000/ port=3000`
/// - `json`, for log collectors (journald with a JSON parser, Loki, Elasticsearch, `jq`): one object per line,
///   `{"timestamp":"2026-01-01T09:30:00.000Z","level":"info","message":"ChatDemo listening ...","fields":{"port":3000}}`.
///   A collector then filters on `level` or on a field without a regular expression, and a message that
///   contains a line feed stays on one line (JSON escapes it).
///
/// The daily files in `<data>/logs` are JSON lines whatever the console format (`LogRecord.json`).
enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}
