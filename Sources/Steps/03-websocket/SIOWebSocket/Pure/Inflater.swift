// SPDX-License-Identifier: MIT

import CZlib

/// The receiving half of permessage-deflate (RFC 7692 §7.2.2): inflates one message at a time, and never more
/// than a given number of bytes.
///
/// The bound is what makes a "zip bomb" cost nothing: 10 MB of zeros deflate to about 10 kB, so a peer can send a
/// message that passes every frame-size check and would inflate to a hundred times `maxPayload`. `inflate` stops
/// as soon as the output passes `limit` and throws `.messageTooLarge` (close 1009), having held at most
/// `limit + 1` bytes of output.
///
/// With context takeover (the client's default) the window of earlier messages is kept: zlib's state (about 7 kB)
/// plus a `2^windowBits`-byte window, allocated by the first compressed message, not at the handshake. With
/// `client_no_context_takeover` (which we always negotiate) the stream is reset after every message, so one
/// inflater serves all the connections of a loop in turn (`WebSocketCompressor.inflater`): a connection holds
/// nothing, and no message pays for setting up a stream.
///
/// ```swift
/// let inflater = Inflater(noContextTakeover: false)
/// try inflater.inflate([0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00], limit: 1 << 20)   // "Hello"
/// ```
package final class Inflater {
    /// Whether each message starts with an empty window (the peer agreed to `no_context_takeover`).
    package let noContextTakeover: Bool
    private var stream: UnsafeMutablePointer<z_stream>?

    /// An inflater with no zlib state yet: the stream is created by the first message.
    package init(noContextTakeover: Bool) {
        self.noContextTakeover = noContextTakeover
    }

    deinit { release() }

    /// Whether zlib memory is held right now (for tests of the memory bound).
    package var holdsStream: Bool { stream != nil }

    /// The payload of one compressed message, inflated.
    ///
    /// - Throws: `.messageTooLarge` past `limit` bytes, `.invalidCompressedData` for bytes that are not DEFLATE.
    ///   The stream is unusable after either, and the connection fails.
    package func inflate(_ payload: [UInt8], limit: Int) throws(WebSocketProtocolError) -> [UInt8] {
        let stream = try openStream()
        var output: [UInt8] = []
        var produced = 0
        // §7.2.2: append 00 00 ff ff (the removed empty stored block) to the payload, then inflate.
        try feed(payload, to: stream, output: &output, produced: &produced, limit: limit)
        try feed([0, 0, 0xFF, 0xFF], to: stream, output: &output, produced: &produced, limit: limit)
        stream.pointee.next_out = nil
        if noContextTakeover { inflateReset(stream) }
        output.removeLast(output.count - produced)
        return output
    }

    private func openStream() throws(WebSocketProtocolError) -> UnsafeMutablePointer<z_stream> {
        if let stream { return stream }
        let created = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        created.initialize(to: z_stream())
        // Window 15 inflates whatever window the peer used (RFC 7692 §7.1.2: at most 2^15).
        guard CZlib_inflateInit2(created, -15) == Z_OK else {
            created.deallocate()
            throw .invalidCompressedData
        }
        stream = created
        return created
    }

    private func release() {
        guard let stream else { return }
        inflateEnd(stream)
        stream.deallocate()
        self.stream = nil
    }

    /// Inflates all of `input`, growing `output` (doubling, never past `limit + 1` bytes) as zlib fills it.
    private func feed(
        _ input: [UInt8], to stream: UnsafeMutablePointer<z_stream>, output: inout [UInt8], produced: inout Int, limit: Int
    ) throws(WebSocketProtocolError) {
        var failure: WebSocketProtocolError?
        input.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            while failure == nil {
                if produced == output.count {
                    guard output.count <= limit else { failure = .messageTooLarge; break }
                    let grown = min(max(output.count * 2, 4096, input.count * 4), limit + 1)
                    output += repeatElement(0, count: grown - output.count)
                }
                let status = output.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress! + produced
                    stream.pointee.avail_out = UInt32(out.count - produced)
                    defer { produced = out.count - Int(stream.pointee.avail_out) }
                    return CZlib.inflate(stream, Z_SYNC_FLUSH)
                }
                switch status {
                case Z_OK, Z_BUF_ERROR: break
                // A final block (BFINAL) ends the DEFLATE stream; what follows starts a new one (RFC 7692 §7.2.3.4).
                case Z_STREAM_END: inflateReset(stream)
                default: failure = .invalidCompressedData
                }
                if produced > limit { failure = .messageTooLarge }
                // All input used, and zlib stopped with room to spare: nothing is pending.
                if stream.pointee.avail_in == 0 && produced < output.count { break }
                if status == Z_BUF_ERROR && produced < output.count { failure = .invalidCompressedData }
            }
            stream.pointee.next_in = nil
        }
        if let failure {
            release()
            throw failure
        }
    }
}
