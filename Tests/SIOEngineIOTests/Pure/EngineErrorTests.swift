// SPDX-License-Identifier: MIT

import Testing

@testable import SIOEngineIO

struct EngineErrorTests {
    /// engine.io `server.ts` `Server.errors` / `errorMessages` and `abortRequest` (403 for code 4 only).
    static let table: [(error: EngineError, status: Int, json: String)] = [
        (.unknownTransport, 400, #"{"code":0,"message":"Transport unknown"}"#),
        (.unknownSessionID, 400, #"{"code":1,"message":"Session ID unknown"}"#),
        (.badHandshakeMethod, 400, #"{"code":2,"message":"Bad handshake method"}"#),
        (.badRequest(.transportMismatch), 400, #"{"code":3,"message":"Bad request"}"#),
        (.badRequest(.invalidOrigin), 400, #"{"code":3,"message":"Bad request"}"#),
        (.forbidden(message: nil), 403, #"{"code":4,"message":"Forbidden"}"#),
        (.unsupportedProtocolVersion, 400, #"{"code":5,"message":"Unsupported protocol version"}"#),
    ]

    @Test("writes the official code, status and JSON body byte for byte", arguments: table)
    func officialTable(error: EngineError, status: Int, json: String) {
        #expect(error.httpStatusCode == status)
        #expect(error.jsonBody == json)
    }

    @Test("uses the allowRequest message for code 4, and Forbidden when it is empty")
    func forbiddenMessage() {
        #expect(EngineError.forbidden(message: "not today").jsonBody == #"{"code":4,"message":"not today"}"#)
        #expect(EngineError.forbidden(message: "").message == "Forbidden")
        #expect(EngineError.forbidden(message: "no").httpStatusCode == 403)
    }

    @Test(
        "escapes a custom message exactly like JSON.stringify",
        arguments: [
            (#"say "hi""#, #""say \"hi\"""#),
            (#"back\slash"#, #""back\\slash""#),
            ("line\nbreak\ttab\r\u{08}\u{0C}", #""line\nbreak\ttab\r\b\f""#),
            ("\u{00}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
            ("a/b é € 😀 \u{7F} \u{2028}", "\"a/b é € 😀 \u{7F} \u{2028}\""),
        ])
    func escapesLikeJSONStringify(message: String, quoted: String) {
        #expect(EngineJSON.quoted(message) == quoted)
        #expect(EngineError.forbidden(message: message).jsonBody == "{\"code\":4,\"message\":\(quoted)}")
    }

    @Test("names the reason of a bad request as Node's error context does")
    func badRequestReasons() {
        #expect(EngineError.BadRequestReason.transportMismatch.rawValue == "TRANSPORT_MISMATCH")
        #expect(EngineError.BadRequestReason.invalidOrigin.rawValue == "INVALID_ORIGIN")
        #expect(EngineError.BadRequestReason.transportHandshakeError.rawValue == "TRANSPORT_HANDSHAKE_ERROR")
    }

    @Test("describes close reasons with the official strings")
    func closeReasons() {
        let strings = EngineCloseReason.allCases.map(\.description)
        #expect(
            strings == [
                "transport close", "transport error", "ping timeout", "parse error", "forced close", "server close",
            ])
    }
}
