// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing
import SIOTestSupport

struct HTTPDateTests {
    /// (seconds since 1970, IMF-fixdate); checked against Python's `email.utils.formatdate(usegmt=True)`.
    static let vectors: [(Int, String)] = [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),  // the example of RFC 9110 §5.6.7
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (68_256_000, "Wed, 01 Mar 1972 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 GMT"),
        (2_147_483_647, "Tue, 19 Jan 2038 03:14:07 GMT"),
        (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
        (-62_135_596_800, "Mon, 01 Jan 0001 00:00:00 GMT"),
    ]

    @Test("formats IMF-fixdate and parses it back", arguments: vectors)
    func roundTrip(seconds: Int, text: String) {
        #expect(HTTPDate.format(secondsSince1970: seconds) == text)
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test("parses the obsolete RFC 850 and asctime formats (RFC 9110 §5.6.7)", arguments: [
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777),
        ("Sun Nov  6 08:49:37 1994", 784_111_777),
        ("Sun Nov 06 08:49:37 1994", 784_111_777),
        ("Thursday, 01-Jan-70 00:00:00 GMT", 0),
        ("Saturday, 01-Jan-00 00:00:00 GMT", 946_684_800),
        ("Tuesday, 31-Dec-69 23:59:59 GMT", 3_155_759_999),
    ])
    func obsoleteFormats(text: String, seconds: Int) {
        #expect(HTTPDate.parse(text) == seconds)
    }

    @Test("refuses malformed or impossible dates", arguments: [
        "", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 00:00:00 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sun, 06 Nov +994 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 94",
    ])
    func refuses(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("accepts a leap second")
    func leapSecond() {
        #expect(HTTPDate.parse("Sat, 31 Dec 2016 23:59:60 GMT") == 1_483_228_800)
    }

    @Test("round-trips seeded random instants from year 1 to 9999")
    func randomRoundTrip() {
        var random = SplitMix64(seed: 1994)
        for _ in 0..<1000 {
            let seconds = random.next(below: 253_402_300_800 + 62_135_596_800) - 62_135_596_800
            #expect(HTTPDate.parse(HTTPDate.format(secondsSince1970: seconds)) == seconds)
        }
    }
}
