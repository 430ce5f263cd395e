// SPDX-License-Identifier: MIT

import SIOEngineIO

/// A packet in wire form: one text message, then one binary message per attachment, in order.
///
/// The text does not include Engine.IO's `4` (message) prefix. Adding it, and framing each piece for
/// polling (`4...` and `b<base64>` records) or WebSocket (one frame each), is the Engine.IO layer's job.
/// The pieces must be sent as one batch: the receiver pairs attachments with the text before them.
///
/// Why a separate value? A broadcast to 10 000 sockets encodes once and hands every socket the same
/// `SocketIOWirePacket`. `String` and `[UInt8]` share their storage when copied, so the bytes are not
/// copied per receiver, just as Node's in-memory adapter writes one pre-encoded packet to every socket.
package struct SocketIOWirePacket: Sendable, Hashable {
    /// `<type>[<n>-][<nsp>,][<ackId>][JSON]` without Engine.IO's `4`, for example
    /// `51-["baz",{"_placeholder":true,"num":0}]`.
    package var text: String
    /// The bytes behind `{"_placeholder":true,"num":i}`, at index `i`.
    package var attachments: [[UInt8]]

    package init(text: String, attachments: [[UInt8]] = []) {
        self.text = text
        self.attachments = attachments
    }
}

extension SocketIOWirePacket {
    /// The Engine.IO messages that carry this packet: the text, then one binary message per attachment.
    /// The engine sends them as one batch, so the attachments follow their text on the wire.
    var engineMessages: [EngineMessage] {
        var messages: [EngineMessage] = [.text(text)]
        messages.reserveCapacity(1 + attachments.count)
        for attachment in attachments { messages.append(.binary(attachment)) }
        return messages
    }
}
