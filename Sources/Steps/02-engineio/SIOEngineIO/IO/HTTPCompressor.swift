// SPDX-License-Identifier: MIT

import SIOHTTP

/// Compresses long-polling responses (Node's `httpCompression`, engine.io `transports/polling.ts` `compress`):
/// `gzip` or `deflate`, whichever the pending `GET`'s `Accept-Encoding` prefers, from `threshold` bytes on, and
/// only when some packet of the payload allows it (Socket.IO's `compress(false)` marks those that do not).
///
/// Clients never compress what they `POST` (Node does not inflate requests either), so there is no request side.
///
/// One `Deflater` per coding for the whole engine, created on first use and reset after each response: the
/// engine's sessions all live on its loop and answer one at a time, so no session holds zlib memory.
final class HTTPCompressor {
    /// Bodies shorter than this many bytes go out as they are.
    let threshold: Int
    private var deflaters: [ContentCoding: Deflater] = [:]

    init(settings: CompressionSettings) {
        threshold = settings.threshold
    }

    /// `body` for a response to a request that accepts `coding`, with `Content-Encoding` and `Vary` added to
    /// `headers` when it was compressed.
    func encode(_ body: [UInt8], coding: ContentCoding?, allowed: Bool, headers: inout HTTPHeaders) -> [UInt8] {
        guard allowed, let coding, body.count >= threshold else { return body }
        let deflater = deflaters[coding] ?? Deflater(format: coding == .gzip ? .gzip : .zlib)
        deflaters[coding] = deflater
        headers["Content-Encoding"] = coding.rawValue
        headers["Vary"] = "Accept-Encoding"
        return deflater.compress(body)
    }
}
