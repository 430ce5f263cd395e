// SPDX-License-Identifier: MIT

/// Who made a change, and from which device: what a broadcast leaves out.
///
/// An update made from one device does not need to be echoed back to it. Over HTTP, the device is the
/// `gid` of the request's token: sockets whose token carries the same `gid` (and the same user) are left
/// out. Over Socket.IO, it is the sending socket's `gid`, which includes the sender itself (it already has
/// its acknowledgement).
struct Origin: Sendable, Hashable {
    let user: User
    /// The device group of the token used; `nil` leaves nobody out.
    let groupID: String?
}
