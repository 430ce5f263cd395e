// SPDX-License-Identifier: MIT

/// The 2-byte status code at the start of a close frame's payload (RFC 6455 §7.4).
///
/// A struct rather than an enum, because the peer may send any number in the ranges open to
/// libraries and applications (3000...4999), and we must echo it back. The named constants are the
/// codes RFC 6455 §7.4.1 defines.
public struct WebSocketCloseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The two-byte code of the close frame.
    public var rawValue: UInt16

    /// Any code; RFC 6455 §7.4.2 reserves 3000-3999 for libraries and 4000-4999 for applications.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// 1000: the purpose of the connection is fulfilled.
    public static let normalClosure = WebSocketCloseCode(rawValue: 1000)
    /// 1001: the endpoint is going away (a server shutting down, a browser leaving the page).
    public static let goingAway = WebSocketCloseCode(rawValue: 1001)
    /// 1002: the peer broke the protocol (bad framing, unmasked client frame, ...).
    public static let protocolError = WebSocketCloseCode(rawValue: 1002)
    /// 1003: a type of data the endpoint cannot accept (say, binary for a text-only endpoint).
    public static let unsupportedData = WebSocketCloseCode(rawValue: 1003)
    /// 1005: "no code was present". Only for reporting to the application; never sent in a frame.
    public static let noStatusReceived = WebSocketCloseCode(rawValue: 1005)
    /// 1006: "the TCP connection dropped without a close frame". Only for reporting; never sent.
    public static let abnormalClosure = WebSocketCloseCode(rawValue: 1006)
    /// 1007: data inside a message did not match its type, for example a text message that is not UTF-8.
    public static let invalidFramePayloadData = WebSocketCloseCode(rawValue: 1007)
    /// 1008: a message violated the endpoint's policy (a generic code when no other fits).
    public static let policyViolation = WebSocketCloseCode(rawValue: 1008)
    /// 1009: a frame or message was too big to process.
    public static let messageTooBig = WebSocketCloseCode(rawValue: 1009)
    /// 1010: (client only) the server did not agree to an extension the client requires.
    public static let mandatoryExtension = WebSocketCloseCode(rawValue: 1010)
    /// 1011: the server hit an unexpected condition.
    public static let internalError = WebSocketCloseCode(rawValue: 1011)
    /// 1015: "the TLS handshake failed". Only for reporting; never sent.
    public static let tlsHandshakeFailure = WebSocketCloseCode(rawValue: 1015)

    /// May this code appear in a close frame on the wire? Receiving any other code fails the connection
    /// with 1002 (§7.4.1, §7.4.2; Autobahn cases 7.7.x and 7.9.x).
    ///
    /// - 1000...1003 and 1007...1011: defined by RFC 6455.
    /// - 3000...4999: registered with IANA (3xxx) or private to an application (4xxx).
    /// - Everything else is refused: below 1000 is unused, 1004 is reserved, 1005, 1006 and 1015 are
    ///   for reporting only, and 1012...2999 is reserved for future revisions of the protocol.
    public var isAllowedOnTheWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1011, 3000...4999: return true
        default: return false
        }
    }

    /// The number, as logs show it.
    public var description: String { String(rawValue) }
}
