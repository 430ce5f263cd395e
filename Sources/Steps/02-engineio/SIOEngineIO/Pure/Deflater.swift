// SPDX-License-Identifier: MIT

import CZlib

/// One zlib deflate stream (RFC 1951), reused message after message: the compressing half of long-polling's
/// `gzip` and `deflate` content codings (RFC 9110 §8.4.1) and of permessage-deflate (RFC 7692 §7.2.1).
///
/// A stream costs what zlib allocates for it: about `2^(windowBits + 2) + 2^(memLevel + 9)` bytes (RFC 7692 §8
/// quotes zlib's formula), 256 KiB for the defaults (15 and 8). Every message is compressed on its own (the
/// stream is reset after it), so one stream serves any number of connections in turn: the engine keeps one per
/// format per loop, never one per connection (docs/reliability.md, "Compression").
///
/// ```swift
/// let gzip = Deflater(format: .gzip)
/// let body = gzip.compress(Array("hello".utf8))          // 1f 8b 08 …, a whole gzip member
/// let raw = Deflater(format: .raw(windowBits: 15))
/// raw.compressMessage(Array("Hello".utf8))               // f2 48 cd c9 c9 07 00 (RFC 7692 §7.2.3.1)
/// ```
///
/// Loop-confined, like everything a connection uses: the type is not `Sendable`.
package final class Deflater {
    /// The framing around the DEFLATE data.
    package enum Format: Sendable, Hashable {
        /// Bare DEFLATE blocks (RFC 1951), as permessage-deflate sends them, with a window of `2^windowBits` bytes
        /// (9 to 15: zlib cannot write raw DEFLATE with a 256-byte window).
        case raw(windowBits: Int)
        /// The `deflate` content coding: a zlib stream (RFC 1950).
        case zlib
        /// The `gzip` content coding (RFC 1952).
        case gzip

        /// The `windowBits` argument of `deflateInit2`: negative for raw, +16 for a gzip wrapper.
        var zlibWindowBits: Int32 {
            switch self {
            case .raw(let bits): -Int32(bits)
            case .zlib: 15
            case .gzip: 31
            }
        }
    }

    /// The framing this stream writes.
    package let format: Format
    private let stream: UnsafeMutablePointer<z_stream>

    /// A stream for `format`, at zlib's default level (6) and memory level 8.
    package init(format: Format) {
        // A programming error only: the window sizes come from our own negotiation, which declines 8.
        if case .raw(let bits) = format { precondition((9...15).contains(bits), "raw DEFLATE windows are 2^9...2^15") }
        self.format = format
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = CZlib_deflateInit2(stream, Z_DEFAULT_COMPRESSION, format.zlibWindowBits, 8)
        // Fails only when zlib cannot allocate its 256 KiB: there is no sensible way on.
        precondition(status == Z_OK, "deflateInit2 failed (\(status))")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// `bytes` as one complete stream (`Z_FINISH`): a whole gzip member, zlib stream or final DEFLATE block.
    package func compress(_ bytes: [UInt8]) -> [UInt8] {
        run(bytes, flush: Z_FINISH)
    }

    /// `bytes` as one permessage-deflate message (RFC 7692 §7.2.1): compressed, flushed with an empty stored
    /// block (`Z_SYNC_FLUSH`), and without that block's last four bytes, `00 00 ff ff`, which the receiver adds back.
    package func compressMessage(_ bytes: [UInt8]) -> [UInt8] {
        var output = run(bytes, flush: Z_SYNC_FLUSH)
        // A sync flush always ends with the empty stored block; the check is a cheap guard against a broken zlib.
        if output.count >= 4, output.suffix(4).elementsEqual([0, 0, 0xFF, 0xFF]) { output.removeLast(4) }
        return output
    }

    /// Compresses everything, then resets the stream so that the next message starts with an empty window
    /// (no context takeover).
    private func run(_ bytes: [UInt8], flush: Int32) -> [UInt8] {
        defer { deflateReset(stream) }
        // deflateBound is exact for Z_FINISH; a sync flush adds at most a few bytes more, and the loop grows anyway.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 16)
        var produced = 0
        bytes.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            while true {
                let status = output.withUnsafeMutableBufferPointer { out in
                    stream.pointee.next_out = out.baseAddress! + produced
                    stream.pointee.avail_out = UInt32(out.count - produced)
                    defer { produced = out.count - Int(stream.pointee.avail_out) }
                    return deflate(stream, flush)
                }
                // Z_STREAM_END (finish) or all input used with room left (sync flush): done.
                if status == Z_STREAM_END || (stream.pointee.avail_in == 0 && produced < output.count && flush != Z_FINISH) {
                    break
                }
                if produced == output.count { output += repeatElement(0, count: max(output.count, 64)) }
            }
        }
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        output.removeLast(output.count - produced)
        return output
    }
}
