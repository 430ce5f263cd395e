// SPDX-License-Identifier: MIT

import SIOHTTP

/// The address a request comes from, as login throttling counts it.
///
/// Without a proxy, the TCP peer's address. Behind a reverse proxy every connection comes from the proxy, so
/// one address would stand for every user: when the peer is one of `trustedProxies` (setting
/// `trusted-proxies`), the address is the last entry of `X-Forwarded-For`, the one that proxy appended
/// (nginx's `$proxy_add_x_forwarded_for`). Entries before it were written by the client and are not believed.
/// A peer that is not a trusted proxy cannot choose its address with the header.
enum ClientAddress {
    static func of(_ request: HTTPRequest, peer: String, trustedProxies: Set<String>) -> String {
        guard trustedProxies.contains(peer),
              let header = request.headers.values(for: "X-Forwarded-For").last,
              let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        else { return peer }
        return String(last.prefix(64))
    }
}
