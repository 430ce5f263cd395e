// SPDX-License-Identifier: MIT

import SIOWebSocket
import Testing

/// The permessage-deflate negotiation (RFC 7692 §5, §7.1), offer by offer: what we answer, what we decline.
@Suite struct PerMessageDeflateTests {
    static func answer(_ offers: String...) -> String? {
        PerMessageDeflate.negotiate(offers: offers.map { Substring($0) })?.responseValue
    }

    static let noTakeover = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"

    @Test func aBrowserOfferIsAnsweredWithNoContextTakeoverBothWaysAndNoClientWindow() {
        // Chromium and python `websockets` send exactly this.
        #expect(Self.answer("permessage-deflate; client_max_window_bits") == Self.noTakeover)
    }

    @Test func aBareOfferIsAccepted() {
        #expect(Self.answer("permessage-deflate") == Self.noTakeover)
    }

    @Test func clientNoContextTakeoverIsAskedForWhetherOfferedOrNot() {
        #expect(Self.answer("permessage-deflate; client_no_context_takeover; server_no_context_takeover") == Self.noTakeover)
        #expect(PerMessageDeflate.negotiate(offers: ["permessage-deflate"])?.clientNoContextTakeover == true)
    }

    @Test func aServerWindowFrom9To15IsHonouredAndRepeated() {
        let agreed = PerMessageDeflate.negotiate(offers: ["permessage-deflate; server_max_window_bits=10"])
        #expect(agreed?.serverMaxWindowBits == 10)
        #expect(agreed?.responseValue == Self.noTakeover + "; server_max_window_bits=10")
        #expect(Self.answer(#"permessage-deflate; server_max_window_bits="12""#) == Self.noTakeover + "; server_max_window_bits=12")
    }

    @Test(arguments: [
        "permessage-deflate; server_max_window_bits=8",        // zlib cannot write a 256-byte window
        "permessage-deflate; server_max_window_bits",          // a value is required
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=010",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; unknown_parameter",
        "x-webkit-deflate-frame",
    ])
    func anOfferWeCannotHonourIsDeclined(offer: String) {
        #expect(Self.answer(offer) == nil)
    }

    @Test func aDeclinedOfferFallsBackToTheNextOne() {
        // RFC 7692 §5.1: offers are in order of preference; the server picks the first it supports.
        #expect(Self.answer("permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits=9")
            == Self.noTakeover)
        #expect(Self.answer("foo, bar; x=\"a,b\"", "permessage-deflate") == Self.noTakeover)
    }

    @Test func theHandshakeAnswersTheOfferOnlyWhenTheServerWantsCompression() {
        let headers: [(name: String, value: String)] = [
            ("Host", "localhost"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"),
        ]
        let off = WebSocketHandshake.evaluate(method: "GET", version: (1, 1), headers: headers)
        #expect(!off.responseHeaders.contains { $0.name == "Sec-WebSocket-Extensions" })
        let on = WebSocketHandshake.evaluate(method: "GET", version: (1, 1), headers: headers, perMessageDeflate: true)
        #expect(on.responseHeaders.last?.name == "Sec-WebSocket-Extensions")
        #expect(on.responseHeaders.last?.value == Self.noTakeover)
    }
}
