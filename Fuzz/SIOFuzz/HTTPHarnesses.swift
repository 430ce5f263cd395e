// SPDX-License-Identifier: MIT

import SIOHTTP

extension FuzzHarness {
    /// Any bytes as a request stream: heads, bodies, pipelined requests, errors.
    static let http = FuzzHarness(
        name: "http", summary: "HTTPParser on a request stream; split-invariant, default and tiny limits"
    ) { input in
        HTTPFuzzing.checkStream(input, limits: HTTPParser.Limits())
        HTTPFuzzing.checkStream(input, limits: HTTPFuzzing.tinyLimits)
    }

    /// Any bytes as the body of a `Transfer-Encoding: chunked` request (ChunkedBodyDecoder, through the parser).
    static let chunked = FuzzHarness(
        name: "chunked", summary: "chunked request bodies; split-invariant; the body re-chunked differently reads the same"
    ) { input in
        let stream = HTTPFuzzing.chunkedHead + input
        HTTPFuzzing.checkStream(stream, limits: HTTPParser.Limits())
        HTTPFuzzing.checkStream(stream, limits: HTTPFuzzing.tinyLimits)
        HTTPFuzzing.checkRechunking(stream)
    }
}

/// What the HTTP harnesses feed and compare.
enum HTTPFuzzing {
    /// Small enough that the fuzzer reaches every limit check with short inputs.
    static let tinyLimits = HTTPParser.Limits(maxHeaderBytes: 64, maxBodyBytes: 16)

    static let chunkedHead = Array("POST /u HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)

    /// Everything a server sees from one parser: its events, up to the first error, and whether it still
    /// holds part of a request at the end (the slowloris timer looks at that).
    struct Outcome: Equatable {
        var events: [Event] = []
        var hasPartialRequest = false
    }

    enum Event: Equatable {
        case expectContinue
        case request(Request)
        case error(HTTPParseError)
    }

    /// The observable parts of an `HTTPRequest` (which is not `Equatable`: its version is a tuple).
    struct Request: Equatable {
        var method: String
        var target: String
        var version: [Int]
        var path: String
        var query: [String]
        var headers: HTTPHeaders
        var body: [UInt8]
        var trailers: HTTPHeaders

        init(_ request: HTTPRequest) {
            (method, target, path) = (request.method, request.target, request.path)
            version = [request.version.major, request.version.minor]
            query = request.queryItems.map { "\($0.name)=\($0.value)" }
            (headers, body, trailers) = (request.headers, request.body, request.trailers)
        }
    }

    static func checkStream(_ input: [UInt8], limits: HTTPParser.Limits) {
        Feeding.checkSplitInvariance(input, "HTTPParser") { pieces in outcome(pieces, limits: limits) }
    }

    /// Feeds the pieces one at a time, draining `next()` after each, and stops at the first error as a server does.
    static func outcome(_ pieces: [ArraySlice<UInt8>], limits: HTTPParser.Limits) -> Outcome {
        var parser = HTTPParser(limits: limits)
        var outcome = Outcome()
        for piece in pieces {
            parser.append(piece)
            drain: while true {
                switch parser.next() {
                case .needMoreData: break drain
                case .expectContinue: outcome.events.append(.expectContinue)
                case .request(let request): outcome.events.append(.request(Request(request)))
                case .error(let error):
                    outcome.events.append(.error(error))
                    return outcome
                }
            }
        }
        outcome.hasPartialRequest = parser.hasPartialRequest
        return outcome
    }

    /// When the chunked request parses, the same body and trailers sent in other chunks parse the same.
    static func checkRechunking(_ stream: [UInt8]) {
        let roomy = HTTPParser.Limits(maxHeaderBytes: 1 << 20, maxBodyBytes: 1 << 20)
        guard case .request(let original)? = outcome([stream[...]], limits: roomy).events.first else { return }
        let chunkSize = 1 + Int(Feeding.fnv1a(stream) % 7)
        var body = chunkedHead
        var offset = 0
        while offset < original.body.count {
            let end = min(offset + chunkSize, original.body.count)
            body += Array(String(end - offset, radix: 16).utf8) + [13, 10] + original.body[offset..<end] + [13, 10]
            offset = end
        }
        body += Array("0\r\n".utf8)
        for (name, value) in original.trailers { body += Array("\(name): \(value)\r\n".utf8) }
        body += [13, 10]
        let again = outcome([body[...]], limits: roomy).events.first
        guard case .request(let rechunked)? = again else { violation("re-chunked \(body) gives \(String(describing: again))") }
        invariant(rechunked.body == original.body, "re-chunked body reads \(rechunked.body), not \(original.body)")
        invariant(rechunked.trailers == original.trailers, "re-chunked trailers \(rechunked.trailers), not \(original.trailers)")
    }
}
