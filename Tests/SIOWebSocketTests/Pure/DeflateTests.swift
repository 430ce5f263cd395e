// SPDX-License-Identifier: MIT

import SIOEngineIO
@testable import SIOWebSocket
import SIOTestSupport
import Testing

/// The zlib wrappers against the examples of RFC 7692 §7.2.3, and the bound that stops a zip bomb.
@Suite struct DeflateTests {
    static let hello = Array("Hello".utf8)

    @Test func helloCompressesToTheBytesOfRFC7692Section7231() {
        let deflater = Deflater(format: .raw(windowBits: 15))
        #expect(hexString(deflater.compressMessage(Self.hello)) == "f248cdc9c90700")
        // Each message starts afresh (no context takeover): the second "Hello" compresses the same way.
        #expect(hexString(deflater.compressMessage(Self.hello)) == "f248cdc9c90700")
    }

    @Test(arguments: [
        "f248cdc9c90700",                       // §7.2.3.1, one compressed block
        "000500faff48656c6c6f00",               // §7.2.3.3, a stored (uncompressed) block
        "f348cdc9c90700 00",                    // §7.2.3.4, BFINAL set
        "f248050000 00ffff cac9c90700",         // §7.2.3.5, two blocks in one message
    ])
    func everyRFCExampleInflatesToHello(compressed: String) throws {
        let inflater = Inflater(noContextTakeover: false)
        #expect(try inflater.inflate(hex(compressed), limit: 100) == Self.hello)
    }

    @Test func aSharedWindowInflatesTheSecondHelloOfSection7232() throws {
        let inflater = Inflater(noContextTakeover: false)
        #expect(try inflater.inflate(hex("f248cdc9c90700"), limit: 100) == Self.hello)
        #expect(try inflater.inflate(hex("f200110000"), limit: 100) == Self.hello)
    }

    @Test func withoutContextTakeoverEveryMessageStartsWithAnEmptyWindow() throws {
        let inflater = Inflater(noContextTakeover: true)
        #expect(try inflater.inflate(hex("f248cdc9c90700"), limit: 100) == Self.hello)
        // §7.2.3.2's second "Hello" refers to the first one's window: without takeover it is invalid.
        #expect(throws: WebSocketProtocolError.invalidCompressedData) { try inflater.inflate(hex("f200110000"), limit: 100) }
        #expect(!inflater.holdsStream)
        #expect(try inflater.inflate(hex("f248cdc9c90700"), limit: 100) == Self.hello)
    }

    @Test func aZipBombStopsAtTheLimitWithMessageTooLarge() {
        // 10 MB of zeros deflate to about 10 kB.
        let bomb = Deflater(format: .raw(windowBits: 15)).compressMessage([UInt8](repeating: 0, count: 10_000_000))
        #expect(bomb.count < 20_000)
        let inflater = Inflater(noContextTakeover: false)
        #expect(throws: WebSocketProtocolError.messageTooLarge) { try inflater.inflate(bomb, limit: 1_000_000) }
    }

    @Test func bytesThatAreNotDeflateAreInvalidCompressedData() {
        let inflater = Inflater(noContextTakeover: false)
        #expect(throws: WebSocketProtocolError.invalidCompressedData) { try inflater.inflate([0xFF, 0xFF, 0xFF], limit: 100) }
    }

    @Test func largeMessagesRoundTrip() throws {
        var generator = SplitMix64(seed: 16)
        let json = Array((0..<20_000).map { _ in #"{"user":"ada","n":\#(Int.random(in: 0...999, using: &generator))}"# }
            .joined(separator: ",").utf8)
        let compressed = Deflater(format: .raw(windowBits: 15)).compressMessage(json)
        #expect(compressed.count < json.count / 4)
        #expect(try Inflater(noContextTakeover: true).inflate(compressed, limit: json.count) == json)
    }

    @Test func aBroadcastIsCompressedOnceForAllItsReceivers() {
        let compressor = WebSocketCompressor(threshold: 1024)
        let text = String(repeating: "to everybody ", count: 100)
        let frames = (0..<3).map { _ in compressor.prepare(.text(text), windowBits: 15, compress: true) }
        #expect(frames.allSatisfy { $0.compressed && $0.payload == frames[0].payload })
        #expect(compressor.deflated == 1)
        #expect(compressor.reused == 2)
        #expect(compressor.prepare(.text("short"), windowBits: 15, compress: true) == .text("short"))
        #expect(compressor.prepare(.text(text), windowBits: 15, compress: false) == .text(text))
    }
}
