// SPDX-License-Identifier: MIT

/// Why a request could not be parsed, and the status code the server answers with.
///
/// After any of these the framing of the connection can no longer be trusted (where does the next
/// request start?), so the server sends the status with `Connection: close` and closes
/// (RFC 9112 §9.6 and, for smuggling, RFC 9112 §6.3 and §11.2).
package enum HTTPParseError: Error, Sendable, Equatable {
    /// The request line plus the header fields exceed `Limits.maxHeaderBytes` (RFC 6585 §5).
    case headTooLarge
    /// `Content-Length` or the de-chunked body exceeds `Limits.maxBodyBytes` (RFC 9110 §15.5.14).
    case bodyTooLarge
    /// The bytes do not follow the HTTP/1.1 grammar; `reason` is for logs and tests, not for clients.
    case malformed(String)
    /// `Transfer-Encoding` names a coding other than `chunked`, such as `gzip, chunked` (RFC 9112 §6.1).
    case unsupportedTransferCoding
    /// The request line says `HTTP/2.0`, `HTTP/0.9`, ...: only major version 1 is spoken here (RFC 9110 §15.6.6).
    case unsupportedVersion

    /// The status to answer with.
    package var status: HTTPStatus {
        switch self {
        case .headTooLarge: .headerFieldsTooLarge
        case .bodyTooLarge: .payloadTooLarge
        case .malformed: .badRequest
        case .unsupportedTransferCoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        }
    }

    /// A small plain-text response carrying ``status`` and, for a malformed request, what was wrong:
    /// a client developer staring at a 400 deserves to know which rule their request broke.
    package var response: HTTPResponse {
        switch self {
        case .malformed(let reason): HTTPResponse(status: status, text: "\(status.reason): \(reason)\n")
        default: HTTPResponse(status: status, text: "\(status.reason)\n")
        }
    }
}
