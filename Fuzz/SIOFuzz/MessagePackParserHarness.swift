// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOMsgpackParser
import SIOServer

extension FuzzHarness {
    /// Any bytes as one binary Engine.IO message to a server with the msgpack parser.
    static let socketIOMessagePack = FuzzHarness(
        name: "socketio-msgpack", summary: "msgpack parser: every packet it reads writes as one message that reads back the same"
    ) { input in
        let parser = MessagePackSocketIOParser()
        var decoder = parser.makeDecoder(maxAttachments: 1)
        let decoded: SocketIOPacket?
        do {
            decoded = try decoder.decode(.binary(input))
        } catch {
            return
        }
        guard let packet = decoded else { violation("the msgpack decoder waits for more after \(input)") }
        let messages = parser.encode(packet)
        guard messages.count == 1, case .binary(let bytes) = messages[0] else {
            violation("\(packet) is written as \(messages), not one binary message")
        }
        var again = parser.makeDecoder(maxAttachments: 1)
        guard let reread = try? again.decode(.binary(bytes)) else { violation("\(packet) is written as unreadable \(bytes)") }
        invariant(parser.encode(reread) == messages, "\(packet) is written as \(bytes), then differently")
        // A NaN is not equal to itself; the bytes above already compared it.
        if packet.data.map(JSONFuzzing.isFinite) ?? true {
            invariant(reread == packet, "\(packet) written as \(bytes) reads back as \(reread)")
        }
    }
}
