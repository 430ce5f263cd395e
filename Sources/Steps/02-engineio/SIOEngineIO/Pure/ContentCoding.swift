// SPDX-License-Identifier: MIT

import SIOHTTP

/// The content codings a long-polling response may be compressed with (RFC 9110 §8.4.1), and which one a request's
/// `Accept-Encoding` asks for (§12.5.3), as Node's `accepts(req).encodings(["gzip", "deflate"])` decides.
///
/// ```swift
/// ContentCoding.preferred(acceptEncoding: "gzip, deflate, br")    // .gzip
/// ContentCoding.preferred(acceptEncoding: "deflate, gzip;q=0.5")  // .deflate
/// ContentCoding.preferred(acceptEncoding: "identity")             // nil: send it as it is
/// ```
package enum ContentCoding: String, Sendable, Hashable, CaseIterable {
    /// RFC 1952, the coding every browser and HTTP client accepts.
    case gzip
    /// A zlib stream (RFC 1950), which RFC 9110 §8.4.1.2 calls `deflate`.
    case deflate

    /// The coding with the highest `q` among those the field accepts (`*` stands for any), gzip on a tie; `nil`
    /// when there is no field or it accepts neither.
    package static func preferred(acceptEncoding: String?) -> ContentCoding? {
        guard let acceptEncoding else { return nil }
        var weights: [String: Double] = [:]
        for element in acceptEncoding.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let name = parts.first.map({ $0.trimmingSpaces().lowercased() }), !name.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingSpaces().lowercased() == "q" { q = Double(pair[1].trimmingSpaces()) ?? 0 }
            }
            weights[name] = q
        }
        let best = allCases.map { ($0, weights[$0.rawValue] ?? weights["*"] ?? 0) }
            .max { $0.1 < $1.1 }
        guard let best, best.1 > 0 else { return nil }
        return best.0
    }
}
