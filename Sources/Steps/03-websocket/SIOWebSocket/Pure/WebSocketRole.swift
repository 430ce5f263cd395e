// SPDX-License-Identifier: MIT

/// Which end of the connection we are. It decides the masking rule (RFC 6455 §5.1, §5.3).
///
/// A client masks every frame it sends with a fresh random key; a server never masks. The rule exists
/// so that a script in a browser cannot choose the bytes that go over the wire, which could otherwise
/// poison a transparent proxy's cache (§10.3). Each side must check that the other obeys it and fail
/// the connection with 1002 if it does not.
package enum WebSocketRole: Sendable, Hashable {
    /// We accepted the connection: frames we receive must be masked, frames we send are not.
    case server
    /// We opened the connection: frames we receive must not be masked, frames we send are.
    case client
}
