// SPDX-License-Identifier: MIT

/// The state of the Socket.IO adapter, for `/ready` and the `sio_adapter_connected` metric.
///
/// The in-memory adapter is always "connected": the rooms are in this process. A cluster adapter (Redis) is
/// connected while its link to the broker is up; while it is down, broadcasts no longer reach the clients of
/// the other processes, so this process should not take new clients (`/ready` answers 503) even though it
/// is alive (`/health` still answers 200).
struct AdapterStatus: Equatable, Sendable {
    /// The `adapter` label: `memory`, `redis`.
    let name: String
    let connected: Bool

    static let memory = AdapterStatus(name: "memory", connected: true)
}
