// SPDX-License-Identifier: MIT

import SIOEngineIO
import Testing

/// The session cookie (Node's `cookie` option, serialized by npm `cookie`; attributes per RFC 6265 §4.1.1).
struct EngineCookieTests {
    @Test("defaults to Node's cookie: true, io with Path=/, HttpOnly and SameSite=Lax")
    func nodeDefaults() {
        #expect(EngineCookie().setCookieValue("lv_VI97HAXpY6yYWAAAC") == "io=lv_VI97HAXpY6yYWAAAC; Path=/; HttpOnly; SameSite=Lax")
    }

    @Test(
        "writes the attributes in npm cookie's order",
        arguments: [
            (EngineCookie(name: "lb", path: nil, httpOnly: false, sameSite: .omitted), "lb=abc"),
            (EngineCookie(sameSite: .strict), "io=abc; Path=/; HttpOnly; SameSite=Strict"),
            (EngineCookie(secure: true, sameSite: .none), "io=abc; Path=/; HttpOnly; Secure; SameSite=None"),
            (EngineCookie(path: "/chat/", domain: "chat.example", maxAge: 86_400),
             "io=abc; Max-Age=86400; Domain=chat.example; Path=/chat/; HttpOnly; SameSite=Lax"),
        ])
    func attributes(cookie: EngineCookie, expected: String) {
        #expect(cookie.setCookieValue("abc") == expected)
    }

    @Test("accepts a token name and refuses names and attributes a browser would misread")
    func validation() {
        #expect(EngineCookie().validationError == nil)
        #expect(EngineCookie(name: "sticky_lb-1").validationError == nil)
        #expect(EngineCookie(name: "").validationError != nil)
        #expect(EngineCookie(name: "a b").validationError != nil)
        #expect(EngineCookie(name: "a;b").validationError != nil)
        #expect(EngineCookie(name: "a=b").validationError != nil)
        #expect(EngineCookie(name: "é").validationError != nil)
        #expect(EngineCookie(path: "/a;Domain=evil").validationError != nil)
        #expect(EngineCookie(domain: "x\r\nSet-Cookie: y").validationError != nil)
    }
}
