// SPDX-License-Identifier: MIT

import SIOJSON

/// Writes Socket.IO packets in the text format of the default parser (Socket.IO v5 spec, "Packet encoding"):
///
/// ```text
/// <type>[<number of attachments>-][<namespace>,][<ack id>][<JSON payload without binary>]
/// + one binary message per attachment
/// ```
///
/// | packet                                                    | text                                           |
/// |-----------------------------------------------------------|------------------------------------------------|
/// | CONNECT `/`                                               | `0`                                            |
/// | CONNECT `/admin` `{"sid":"oSO0"}`                         | `0/admin,{"sid":"oSO0"}`                       |
/// | EVENT `/` `["foo"]` ack 12                                | `212["foo"]`                                   |
/// | EVENT `/` `["baz", <01 02 03 04>]`                        | `51-["baz",{"_placeholder":true,"num":0}]` + 1 |
/// | ACK `/admin` `["bar"]` ack 13                             | `3/admin,13["bar"]`                            |
/// | DISCONNECT `/admin`                                       | `1/admin,`                                     |
///
/// The namespace is left out when it is `/`. EVENT and ACK become BINARY_EVENT and BINARY_ACK exactly when
/// their data holds `.binary` leaves (socket.io-parser `Encoder.encode` + `hasBinary`), so callers never
/// choose the binary types themselves.
package enum SocketIOPacketEncoder {
    /// Encodes `packet` into its text and attachments.
    package static func encode(_ packet: SocketIOPacket) throws(SocketIOEncodingError) -> SocketIOWirePacket {
        try encode(
            type: packet.type,
            namespace: packet.namespace,
            ackId: packet.ackId,
            attachmentCount: packet.data?.binaryCount ?? 0
        ) { serializer, writeBinary in
            packet.data?.write(into: &serializer, writeBinary: writeBinary)
        }
    }

    /// Encodes the EVENT `[name, arguments...]` without building the array first.
    ///
    /// This is the broadcast path: encode once, then give the same `SocketIOWirePacket` to every receiver.
    package static func encodeEvent(
        _ name: String,
        _ arguments: [SocketIOValue],
        namespace: String = "/",
        ackId: Int? = nil
    ) throws(SocketIOEncodingError) -> SocketIOWirePacket {
        try encode(
            type: .event,
            namespace: namespace,
            ackId: ackId,
            attachmentCount: arguments.reduce(0) { $0 + $1.binaryCount }
        ) { serializer, writeBinary in
            serializer.writeByte(UInt8(ascii: "["))
            serializer.writeString(name)
            for argument in arguments {
                serializer.writeByte(UInt8(ascii: ","))
                argument.write(into: &serializer, writeBinary: writeBinary)
            }
            serializer.writeByte(UInt8(ascii: "]"))
        }
    }

    /// Writes the header, then lets `writePayload` write the JSON. Each binary leaf it meets becomes the
    /// next placeholder, and its bytes join the attachments.
    private static func encode(
        type: SocketIOPacketType,
        namespace: String,
        ackId: Int?,
        attachmentCount: Int,
        writePayload: (inout JSONSerializer, (inout JSONSerializer, [UInt8]) -> Void) -> Void
    ) throws(SocketIOEncodingError) -> SocketIOWirePacket {
        // Bytes, not `hasPrefix`: "/" followed by a combining mark is one Character that is not "/", yet the
        // decoder reads it as a namespace (it splits bytes), and the server answers such a CONNECT.
        guard namespace.utf8.first == UInt8(ascii: "/"), !namespace.utf8.contains(UInt8(ascii: ",")) else {
            throw .invalidNamespace(namespace)
        }
        if let ackId, ackId < 0 { throw .invalidAckId(ackId) }
        let wireType = try wireType(for: type, hasBinary: attachmentCount > 0)

        var serializer = JSONSerializer(reservingCapacity: 64 + namespace.utf8.count)
        serializer.writeByte(UInt8(ascii: "0") + wireType.rawValue)
        if wireType.hasAttachments {
            serializer.writeInteger(attachmentCount)
            serializer.writeByte(UInt8(ascii: "-"))
        }
        if namespace != "/" {
            serializer.writeRaw(namespace.utf8)
            serializer.writeByte(UInt8(ascii: ","))
        }
        if let ackId { serializer.writeInteger(ackId) }

        var attachments: [[UInt8]] = []
        attachments.reserveCapacity(attachmentCount)
        writePayload(&serializer) { serializer, bytes in
            SocketIOPlaceholder.write(attachments.count, into: &serializer)
            attachments.append(bytes)
        }
        return SocketIOWirePacket(text: serializer.string, attachments: attachments)
    }

    private static func wireType(
        for type: SocketIOPacketType,
        hasBinary: Bool
    ) throws(SocketIOEncodingError) -> SocketIOPacketType {
        switch type {
        case .event, .binaryEvent: return hasBinary ? .binaryEvent : .event
        case .ack, .binaryAck: return hasBinary ? .binaryAck : .ack
        case .connect, .disconnect, .connectError:
            if hasBinary { throw .binaryNotAllowed(type) }
            return type
        }
    }
}
