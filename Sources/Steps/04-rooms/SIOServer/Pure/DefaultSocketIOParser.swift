// SPDX-License-Identifier: MIT

import SIOEngineIO

/// The default parser (socket.io-parser, Socket.IO v5 spec "Packet encoding"): each packet is one text message,
/// `<type>[<n>-][<namespace>,][<ack id>][JSON]`, followed by one binary message per attachment
/// (`SocketIOPacketEncoder`, `SocketIOPacketDecoder`). Every Socket.IO client speaks it without configuration.
public struct DefaultSocketIOParser: SocketIOParser {
    /// The default parser; `ServerConfiguration.parser` starts as this.
    public init() {}

    /// The text message, then the attachments.
    public func encode(_ packet: SocketIOPacket) throws -> [EngineMessage] {
        try SocketIOPacketEncoder.encode(packet).engineMessages
    }

    /// A decoder that reassembles binary packets, refusing more than `maxAttachments` attachments per packet.
    public func makeDecoder(maxAttachments: Int) -> any SocketIOPacketDecoding {
        SocketIOPacketDecoder(maxAttachments: maxAttachments)
    }
}

extension SocketIOParser where Self == DefaultSocketIOParser {
    /// The default parser: text packets with binary attachments (`configuration.parser = .default`).
    public static var `default`: DefaultSocketIOParser { DefaultSocketIOParser() }
}

extension SocketIOPacketDecoder: SocketIOPacketDecoding {
    /// A text message starts a packet; a binary message is the next attachment of the pending one.
    package mutating func decode(_ message: EngineMessage) throws -> SocketIOPacket? {
        let output: Output
        switch message {
        case .text(let text): output = try decode(text: text)
        case .binary(let bytes): output = try decode(binary: bytes)
        }
        guard case .packet(let packet) = output else { return nil }
        return packet
    }
}
