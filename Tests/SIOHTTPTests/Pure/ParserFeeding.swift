// SPDX-License-Identifier: MIT

import SIOHTTP
import Testing
import SIOTestSupport

/// Expects `input` to produce exactly `expected`, whether fed whole, byte by byte or in random splits.
func expectEvents(
    _ input: String, _ expected: [ParsedEvent], limits: HTTPParser.Limits = .init(),
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (way, events) in ParserFeeding.allWays(input, limits: limits) {
        #expect(events == expected, "fed \(way)", sourceLocation: sourceLocation)
    }
}

/// A parser event with the request flattened into comparable values, so a test can write the whole
/// expected outcome as one literal and compare the results of different ways of feeding the bytes.
enum ParsedEvent: Equatable, CustomStringConvertible {
    case expectContinue
    case request(ParsedRequest)
    case error(HTTPParseError)

    var description: String {
        switch self {
        case .expectContinue: "expectContinue"
        case .request(let request): "request(\(request))"
        case .error(let error): "error(\(error))"
        }
    }
}

/// The observable parts of an `HTTPRequest`, as plain strings.
struct ParsedRequest: Equatable {
    var method: String
    var target: String
    var version = "1.1"
    var path: String
    var query: [String] = []
    /// `"Name: value"`, in order, as sent.
    var headers: [String]
    var body = ""
    var trailers: [String] = []

    init(
        method: String, target: String, version: String = "1.1", path: String, query: [String] = [],
        headers: [String], body: String = "", trailers: [String] = []
    ) {
        (self.method, self.target, self.version, self.path, self.query) = (method, target, version, path, query)
        (self.headers, self.body, self.trailers) = (headers, body, trailers)
    }

    init(_ request: HTTPRequest) {
        method = request.method
        target = request.target
        version = "\(request.version.major).\(request.version.minor)"
        path = request.path
        query = request.queryItems.map { "\($0.name)=\($0.value)" }
        headers = request.headers.map { "\($0.name): \($0.value)" }
        body = String(decoding: request.body, as: UTF8.self)
        trailers = request.trailers.map { "\($0.name): \($0.value)" }
    }
}

/// Feeds a parser in different ways; every way must give the same events.
enum ParserFeeding {
    /// The events from feeding `input` in pieces that end at `cuts`, draining `next()` after each piece.
    /// Stops at the first error, as the server does (it closes the connection).
    static func events(_ input: [UInt8], cuts: [Int], limits: HTTPParser.Limits = .init()) -> [ParsedEvent] {
        var parser = HTTPParser(limits: limits)
        var events: [ParsedEvent] = []
        var previous = 0
        for cut in cuts + [input.count] where cut >= previous {
            parser.append(input[previous..<cut])
            previous = cut
            drain: while true {
                switch parser.next() {
                case .needMoreData: break drain
                case .expectContinue: events.append(.expectContinue)
                case .request(let request): events.append(.request(ParsedRequest(request)))
                case .error(let error): events.append(.error(error)); return events
                }
            }
        }
        return events
    }

    /// The events for `input` fed whole, byte by byte, and in 20 seeded random splits, with a label
    /// for each way so a failing `#expect` says which one broke.
    static func allWays(_ input: [UInt8], limits: HTTPParser.Limits = .init()) -> [(way: String, events: [ParsedEvent])] {
        var results = [("whole", events(input, cuts: [], limits: limits))]
        results.append(("byte by byte", events(input, cuts: Array(0..<input.count), limits: limits)))
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(input.count))
        for round in 0..<20 where input.count > 1 {
            let cuts = (0..<random.next(below: 6) + 1).map { _ in random.next(below: input.count) }.sorted()
            results.append(("random split \(round) at \(cuts)", events(input, cuts: cuts, limits: limits)))
        }
        return results
    }

    static func allWays(_ input: String, limits: HTTPParser.Limits = .init()) -> [(way: String, events: [ParsedEvent])] {
        allWays(Array(input.utf8), limits: limits)
    }
}

