// SPDX-License-Identifier: MIT

import SIOJSON

/// A polling client's CONNECT to `/` with connection state recovery: the answer's `sid` and `pid`, and the
/// offsets that replayable events carry as their last argument (what the official client keeps).
public struct RecoveryHandshake {
    /// The socket id of the CONNECT answer.
    public let sid: String
    /// The private session id of the CONNECT answer, `nil` when the server has recovery off.
    public let pid: String?

    /// Connects `client` to `/`, sending `{"pid", "offset"}` when both are given, and reads the answer.
    public init(_ client: PollingClient, pid: String? = nil, offset: String? = nil) throws {
        let auth = pid.map { pid in #"{"pid":"\#(pid)","offset":"\#(offset ?? "")"}"# } ?? ""
        try client.post("40" + auth)
        let reply = try client.next()
        guard reply.hasPrefix("40"), let object = try JSON.parse(reply.dropFirst(2)).objectValue,
            let sid = object["sid"]?.stringValue
        else { throw RawClient.Failure(description: "unexpected CONNECT reply \(reply)") }
        self.sid = sid
        self.pid = object["pid"]?.stringValue
    }

    /// The offset an EVENT text packet (`42[...]`) carries as its last argument.
    public static func offset(of packet: String) throws -> String? {
        try JSON.parse(packet.dropFirst(2)).arrayValue?.last?.stringValue
    }

    /// The event's name and arguments without its offset: `42["m","1","ab3"]` gives `["m", "1"]`.
    public static func withoutOffset(_ packet: String) throws -> [JSON] {
        Array(try JSON.parse(packet.dropFirst(2)).arrayValue?.dropLast() ?? [])
    }

    /// Events of string arguments without their offsets, as text: `42["m","2","ab5"]` gives `m 2`.
    public static func texts(_ packets: [String]) throws -> [String] {
        try packets.map { packet in try withoutOffset(packet).map { $0.stringValue ?? "?" }.joined(separator: " ") }
    }
}
