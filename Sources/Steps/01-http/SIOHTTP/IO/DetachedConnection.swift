// SPDX-License-Identifier: MIT

/// A socket between two loops: what `Connection.detach()` hands to the loop that adopts it.
struct DetachedConnection: Sendable {
    let fd: Int32
    let remoteAddress: String
    let unsent: [[UInt8]]
}
