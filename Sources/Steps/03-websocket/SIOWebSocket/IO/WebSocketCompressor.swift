// SPDX-License-Identifier: MIT

import SIOEngineIO

/// Compresses outgoing messages for every permessage-deflate connection of one loop (RFC 7692 §7.2.1), and holds
/// the loop's one inflater for what they receive.
///
/// We always negotiate `server_no_context_takeover` (`PerMessageDeflate`), so a compressed message depends only
/// on its bytes and the window size: one zlib stream per window size, reset after each message, serves all the
/// loop's connections, where `ws` in Node keeps one per connection (256 KiB each with zlib's defaults).
///
/// The last message is remembered with its compressed form: a broadcast hands the same bytes to each receiver in
/// turn, so it is compressed once, and every further receiver costs one comparison (`memcmp`) instead of a
/// deflate. The cache holds one message, at most `maxPayload` bytes and its compressed form.
///
/// Messages below `threshold` bytes are sent as they are (Node's default is 1,024): DEFLATE's block header and
/// Huffman tables outweigh what a short message can save.
///
/// Owned by whoever creates the sockets of one loop (`EngineWebSocketProvider`, `mountWebSocket`); loop-confined.
package final class WebSocketCompressor {
    /// Messages shorter than this many bytes are not compressed.
    package let threshold: Int
    /// Inflates, in turn, what every connection of the loop receives compressed: we negotiate
    /// `client_no_context_takeover`, so no message needs an earlier one's window (`Inflater`).
    package let inflater = Inflater(noContextTakeover: true)
    private var deflaters: [Int: Deflater] = [:]
    private var last: (windowBits: Int, input: [UInt8], output: [UInt8])?
    /// How many messages were deflated (for tests and benchmarks).
    package private(set) var deflated = 0
    /// How many messages reused the previous one's compressed form: a broadcast's receivers after the first.
    package private(set) var reused = 0

    /// A compressor that leaves messages shorter than `threshold` bytes alone.
    package init(threshold: Int) {
        self.threshold = threshold
    }

    /// `frame` as it goes on the wire: compressed (RSV1 set) if it is a data frame at or above the threshold, and
    /// the sender did not say `compress(false)`; else unchanged.
    package func prepare(_ frame: WebSocketFrame, windowBits: Int, compress: Bool) -> WebSocketFrame {
        guard compress, frame.fin, frame.opcode == .text || frame.opcode == .binary, frame.payload.count >= threshold
        else { return frame }
        var compressed = frame
        compressed.compressed = true
        compressed.payload = deflate(frame.payload, windowBits: windowBits)
        return compressed
    }

    private func deflate(_ bytes: [UInt8], windowBits: Int) -> [UInt8] {
        if let last, last.windowBits == windowBits, last.input == bytes {
            reused += 1
            return last.output
        }
        let deflater = deflaters[windowBits] ?? Deflater(format: .raw(windowBits: windowBits))
        deflaters[windowBits] = deflater
        let output = deflater.compressMessage(bytes)
        deflated += 1
        last = (windowBits, bytes, output)
        return output
    }
}
