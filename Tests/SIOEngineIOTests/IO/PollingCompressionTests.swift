// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOTestSupport
import Testing

/// Long-polling responses compressed by `Accept-Encoding` (Node's `httpCompression`; RFC 9110 §8.4.1).
@Suite("HTTP compression of polling responses, live")
struct PollingCompressionTests {
    static let large = "4" + String(repeating: "a long message, ", count: 100)

    /// The poll that returns `message` echoed, asked with `acceptEncoding`.
    static func echoedPoll(
        _ message: String, acceptEncoding: String, _ configure: (inout EngineConfiguration) -> Void = { _ in }
    ) throws -> TestResponse {
        let server = try EngineTestServer(configure)
        defer { server.stop() }
        let sid = try server.handshake()
        _ = try server.post(sid, message)
        return try server.get("&sid=\(sid)", headers: [("Accept-Encoding", acceptEncoding)])
    }

    @Test func aResponseAboveTheThresholdIsGzippedWhenTheClientAcceptsGzip() throws {
        let response = try Self.echoedPoll(Self.large, acceptEncoding: "gzip, deflate, br")
        #expect(response.header("Content-Encoding") == "gzip")
        #expect(Array(response.body.prefix(2)) == [0x1F, 0x8B])
        #expect(response.body.count < Self.large.utf8.count / 4)
    }

    @Test func deflateIsUsedWhenTheClientPrefersIt() throws {
        let response = try Self.echoedPoll(Self.large, acceptEncoding: "gzip;q=0.5, deflate")
        #expect(response.header("Content-Encoding") == "deflate")
        #expect(response.body.first == 0x78)   // a zlib stream's header (RFC 1950)
    }

    @Test func aResponseBelowTheThresholdIsSentAsItIs() throws {
        let response = try Self.echoedPoll("4short", acceptEncoding: "gzip")
        #expect(response.header("Content-Encoding") == nil)
        #expect(response.text == "4short")
    }

    @Test func nothingIsCompressedWithoutAcceptEncodingOrWithHTTPCompressionOff() throws {
        let identity = try Self.echoedPoll(Self.large, acceptEncoding: "identity")
        #expect(identity.header("Content-Encoding") == nil)
        let off = try Self.echoedPoll(Self.large, acceptEncoding: "gzip") { $0.httpCompression = nil }
        #expect(off.header("Content-Encoding") == nil)
        #expect(off.text == Self.large)
    }

    @Test(arguments: [
        ("gzip, deflate", ContentCoding?.some(.gzip)), ("deflate", .deflate), ("*", .gzip), ("br", nil),
        ("gzip;q=0, deflate;q=0", nil), ("DEFLATE;q=1, gzip;q=0.9", .deflate), ("", nil),
    ])
    func theCodingFollowsTheQValues(field: String, expected: ContentCoding?) {
        #expect(ContentCoding.preferred(acceptEncoding: field) == expected)
    }
}
