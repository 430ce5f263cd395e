// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOServer
import Testing

/// The default parser through the `SocketIOParser` seam: the same wire as `SocketIOPacketEncoder` and
/// `SocketIOPacketDecoder`, attachments as binary messages after their text.
@Suite("Default parser")
struct DefaultSocketIOParserTests {
    @Test("a packet with bytes is its text and then one binary message per attachment")
    func encodesTextThenAttachments() throws {
        let packet = SocketIOPacket.event("baz", [.binary([1, 2]), ["x": .binary([3])]], namespace: "/admin", ackId: 4)
        let parser: any SocketIOParser = .default
        #expect(try parser.encode(packet) == [
            .text(#"52-/admin,4["baz",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}]"#),
            .binary([1, 2]), .binary([3]),
        ])
        #expect(try DefaultSocketIOParser().encode(.event("hi")) == [.text(#"2["hi"]"#)])
    }

    @Test("the decoder waits for the attachments, then gives the packet with its bytes in place")
    func decodesAcrossMessages() throws {
        var decoder = DefaultSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(try decoder.decode(.text(#"51-["img",{"_placeholder":true,"num":0}]"#)) == nil)
        #expect(try decoder.decode(.binary([7])) == .event("img", [.binary([7])]))
        #expect(try decoder.decode(.text("0")) == SocketIOPacket(type: .connect))
    }

    @Test("the decoder refuses more attachments than the server allows")
    func boundsAttachments() {
        var decoder = DefaultSocketIOParser().makeDecoder(maxAttachments: 1)
        #expect(throws: (any Error).self) { try decoder.decode(.text(#"52-["a",1]"#)) }
    }

    @Test("a binary message that no text announced is refused")
    func refusesStrayBinary() {
        var decoder = DefaultSocketIOParser().makeDecoder(maxAttachments: 10)
        #expect(throws: (any Error).self) { try decoder.decode(.binary([1])) }
    }

    @Test("a server starts with the default parser")
    func serverDefault() {
        #expect(ServerConfiguration().parser is DefaultSocketIOParser)
    }
}
