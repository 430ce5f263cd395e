// SPDX-License-Identifier: MIT

import SIOAuth
import SIOServer
import Testing

/// What the client is told, byte for byte: failure payloads, the two event conventions, and where tokens are read.
@Suite("Authentication messages")
struct AuthenticationMessagesTests {
    static let socketID = "AbCdEfGhIjKlMnOpQrSt"

    @Test(
        "each failure has its status and fixed message, whatever the log reason",
        arguments: [
            (AuthenticationFailure.unauthorized("bad signature"),
             #"{"status":401,"message":"Authentication failure socket AbCdEfGhIjKlMnOpQrSt"}"#),
            (.forbidden("access refused for mallory"), #"{"status":403,"message":"Access denied"}"#),
            (.internalError("user store unreachable"), #"{"status":500,"message":"Internal server error"}"#),
        ])
    func failurePayloads(failure: AuthenticationFailure, json: String) {
        #expect(failure.payload(socketID: Self.socketID).serialized() == json)
        #expect(!json.contains(failure.reason))
    }

    @Test("a refusal at connect carries the same object as its data")
    func connectError() {
        let refusal = AuthenticationFailure.forbidden("revoked").connectError(socketID: Self.socketID)
        #expect(refusal.payload.jsonValue?.serialized()
            == #"{"message":"Access denied","data":{"status":403,"message":"Access denied"}}"#)
    }

    @Test("the authentication convention answers authenticated or unauthorized")
    func authenticationConvention() {
        let convention = AuthenticationConvention.authentication
        #expect(convention.requestEvent == "authentication")
        #expect(convention.successEvent == "authenticated")
        #expect(convention.failureEvent == "unauthorized")
        #expect(convention.successArgument(userData: "ignored").jsonValue?.serialized()
            == #"{"status":200,"message":"Authentication success"}"#)
    }

    @Test("the auth convention answers init with the user's data, or invalid_token")
    func authConvention() {
        let convention = AuthenticationConvention.auth
        #expect(convention.requestEvent == "auth")
        #expect(convention.successEvent == "init")
        #expect(convention.failureEvent == "invalid_token")
        #expect(convention.successArgument(userData: ["sub": "alice"]) == ["sub": "alice"])
        #expect(convention.failureArgument(.unauthorized("x"), socketID: Self.socketID).jsonValue?.serialized()
            == #"{"status":401,"message":"Authentication failure socket AbCdEfGhIjKlMnOpQrSt"}"#)
    }

    @Test("only the two request events name a convention")
    func requestEvents() {
        #expect(AuthenticationConvention(requestEvent: "authentication") == .authentication)
        #expect(AuthenticationConvention(requestEvent: "auth") == .auth)
        #expect(AuthenticationConvention(requestEvent: "authenticated") == nil)
    }

    @Test(
        "the token of a request event is a bare string or the token member of an object",
        arguments: [
            ([SocketIOValue.string("t0k")], "t0k"),
            ([["token": "t0k"]], "t0k"),
            ([["token": 42]], nil),
            ([["jwt": "t0k"]], nil),
            ([], nil),
        ] as [([SocketIOValue], String?)])
    func eventToken(arguments: [SocketIOValue], token: String?) {
        #expect(AuthenticationConvention.token(in: arguments) == token)
    }

    @Test("a handshake token is read from the auth payload first, then the Bearer header; the query only when enabled")
    func handshakeSources() {
        let both = Handshake(
            headers: ["authorization": "Bearer from-header"], query: ["token": "from-query"],
            auth: ["token": "from-auth"])
        #expect(TokenSource.token(in: both, sources: TokenSource.defaults) == "from-auth")
        let headerOnly = Handshake(headers: ["authorization": "Bearer from-header"], query: ["token": "from-query"])
        #expect(TokenSource.token(in: headerOnly, sources: TokenSource.defaults) == "from-header")
        let queryOnly = Handshake(query: ["token": "from-query"])
        #expect(TokenSource.token(in: queryOnly, sources: TokenSource.defaults) == nil)
        #expect(TokenSource.token(in: queryOnly, sources: [.query("token")]) == "from-query")
        let notAString = Handshake(auth: ["token": 12])
        #expect(TokenSource.token(in: notAString, sources: TokenSource.defaults) == nil)
    }

    @Test(
        "a Bearer credential is parsed case-insensitively; other schemes and extra parts are refused (RFC 6750 §2.1)",
        arguments: [
            ("Bearer abc.def.ghi", "abc.def.ghi"),
            ("bearer   abc", "abc"),
            ("BEARER abc", "abc"),
            ("Basic YWxpY2U6cHc=", nil),
            ("Bearer", nil),
            ("Bearer a b", nil),
        ] as [(String, String?)])
    func bearer(value: String, token: String?) {
        #expect(TokenSource.bearerToken(fromAuthorization: value) == token)
    }
}
