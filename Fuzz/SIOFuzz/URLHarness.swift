// SPDX-License-Identifier: MIT

import SIOHTTP

extension FuzzHarness {
    /// Any bytes as a request target: split into path and query, percent-decoded.
    static let url = FuzzHarness(
        name: "url", summary: "URLComponentsDecoder: strict and lenient agree; percent-encoding round trips"
    ) { input in
        let target = String(decoding: input, as: UTF8.self)
        let lenient = URLComponentsDecoder.split(target: target)
        _ = URLComponentsDecoder.rawPath(of: target)
        if let strict = URLComponentsDecoder.decode(target: target) {
            invariant(strict.path == lenient.path, "decode path \(strict.path), split path \(lenient.path)")
            invariant(
                strict.query.map { [$0.name, $0.value] } == lenient.query.map { [$0.name, $0.value] },
                "decode query \(strict.query), split query \(lenient.query)")
            for text in [strict.path] + strict.query.flatMap({ [$0.name, $0.value] }) {
                URLFuzzing.checkRoundTrip(text)
            }
        }
        URLFuzzing.checkRoundTrip(target)
    }
}

enum URLFuzzing {
    /// Every byte of `text` written as `%XX` decodes back to `text`, with or without `+` as a space.
    static func checkRoundTrip(_ text: String) {
        let hex = Array("0123456789ABCDEF".utf8)
        var escaped: [UInt8] = []
        for byte in text.utf8 { escaped += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] }
        let encoded = String(decoding: escaped, as: UTF8.self)
        for plusAsSpace in [false, true] {
            let decoded = URLComponentsDecoder.percentDecode(encoded, plusAsSpace: plusAsSpace)
            invariant(decoded == text, "percentDecode(\(encoded)) is \(String(describing: decoded)), not \(text)")
        }
    }
}
