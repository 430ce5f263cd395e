// SPDX-License-Identifier: MIT

/// Joins data frames into messages and enforces the fragmentation, size and UTF-8 rules
/// (RFC 6455 §5.4, §5.6, §8.1).
///
/// A message is one `.text` or `.binary` frame, followed by zero or more `.continuation` frames; the
/// last one has FIN set. Control frames may come in between, but they never reach this type: the state
/// machine answers them itself. So the rules here are only about data frames:
///
/// - a `.continuation` needs a message in progress, else 1002;
/// - a `.text` or `.binary` must not start while another message is unfinished, else 1002;
/// - the joined payload must stay within `maxMessageSize`, else 1009;
/// - a text message must be valid UTF-8, else 1007. It is checked fragment by fragment with one
///   `UTF8Validator` that spans the whole message, so the connection fails on the fragment where the
///   text goes wrong (Autobahn 6.4.1, 6.4.2), and `inspect` even checks a frame that is still arriving
///   (Autobahn 6.4.3, 6.4.4).
///
/// A compressed message (RSV1 on its first frame, RFC 7692 §6) is joined the same way, then inflated whole by
/// the connection's `Inflater`, bounded by `maxMessageSize` (1009 past it, however small the compressed bytes
/// were); its text is checked after inflating, since compressed bytes say nothing about UTF-8.
package struct WebSocketMessageAssembler: Sendable {
    /// The largest message we accept, in bytes, all fragments together.
    package let maxMessageSize: Int

    /// The opcode of the first frame of the unfinished message (`.text` or `.binary`), or `nil`.
    private var messageOpcode: WebSocketOpcode?
    /// Whether the unfinished message is compressed (RSV1 on its first frame).
    private var messageCompressed = false
    /// The payloads of the fragments received so far, joined.
    private var fragments: [UInt8] = []
    /// Spans the fragments of one text message; reset between messages.
    private var utf8 = UTF8Validator()
    /// How many bytes at the start of the frame still arriving `inspect` already fed to `utf8`.
    private var inspectedBytes = 0

    package init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// True between the first fragment of a message and its final one.
    package var isAssembling: Bool { messageOpcode != nil }

    /// Checks the part of a data frame that has arrived so far, to fail before the frame is complete.
    ///
    /// Call it with the parser's `frameInProgress` whenever the parser needs more data. It may be called
    /// many times for the same frame, with more bytes each time; each byte is checked once.
    package mutating func inspect(
        opcode: WebSocketOpcode, compressed: Bool = false, length: Int, received: ArraySlice<UInt8>
    ) throws(WebSocketProtocolError) {
        guard !opcode.isControl else { return }
        let isText = try textFlag(startingWith: opcode)
        // Subtracted rather than added: `length` comes from the peer and may be near `Int.max`.
        guard length <= maxMessageSize - fragments.count else { throw .messageTooLarge }
        let isCompressed = opcode == .continuation ? messageCompressed : compressed
        guard isText, !isCompressed, received.count > inspectedBytes else { return }
        guard utf8.validate(received[(received.startIndex + inspectedBytes)...]) else { throw .invalidUTF8 }
        inspectedBytes = received.count
    }

    /// Adds a complete data frame. Returns the message when this frame finishes one, else `nil`. A compressed
    /// message is inflated by `inflater`, which the connection has when it negotiated permessage-deflate.
    ///
    /// - Precondition: `frame` is a data frame (`.continuation`, `.text` or `.binary`).
    package mutating func receive(
        _ frame: WebSocketFrame, inflater: Inflater? = nil
    ) throws(WebSocketProtocolError) -> WebSocketMessage? {
        // A caller's mistake, not the peer's: the state machine answers control frames itself and never passes one.
        precondition(!frame.opcode.isControl, "control frames are handled by the state machine")
        let isText = try textFlag(startingWith: frame.opcode)
        guard frame.payload.count <= maxMessageSize - fragments.count else { throw .messageTooLarge }
        if messageOpcode == nil { messageCompressed = frame.compressed }
        if isText, !messageCompressed {
            let unchecked = frame.payload[inspectedBytes...]
            guard utf8.validate(unchecked) else { throw .invalidUTF8 }
        }
        inspectedBytes = 0
        if messageOpcode == nil {
            messageOpcode = frame.opcode
        }

        guard frame.fin else {
            fragments.append(contentsOf: frame.payload)
            return nil
        }
        // The last fragment. An unfragmented message skips the copy into `fragments`.
        var bytes: [UInt8]
        if fragments.isEmpty {
            bytes = frame.payload
        } else {
            fragments.append(contentsOf: frame.payload)
            bytes = fragments
            fragments = []
        }
        messageOpcode = nil
        if messageCompressed {
            // The parser refuses RSV1 unless permessage-deflate was negotiated, and then the machine has an inflater.
            guard let inflater else { throw .reservedBitsSet }
            bytes = try inflater.inflate(bytes, limit: maxMessageSize)
            if isText { guard utf8.validate(bytes[...]) else { throw .invalidUTF8 } }
        }
        guard isText else { return .binary(bytes) }
        // Valid so far is not enough: the text must not stop in the middle of a character.
        guard utf8.isComplete else { throw .invalidUTF8 }
        utf8 = UTF8Validator()
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// Applies the two fragmentation rules to a data frame's opcode and says whether its payload is text.
    private func textFlag(startingWith opcode: WebSocketOpcode) throws(WebSocketProtocolError) -> Bool {
        switch (opcode, messageOpcode) {
        case (.continuation, nil): throw .unexpectedContinuation
        case (.continuation, let started?): return started == .text
        case (_, nil): return opcode == .text
        case (_, _?): throw .expectedContinuation
        }
    }
}
