// SPDX-License-Identifier: MIT

import SIOHTTP

/// HTTP long-polling (engine.io `transports/polling.ts`): the client keeps one `GET` open to
/// receive, and `POST`s to send.
///
/// The pending `GET` is a `ResponseWriter` from a `.deferred` reply: the HTTP layer keeps that
/// connection waiting until `send` answers it with a payload. A second `GET` while one is pending,
/// or a client that gives up on its `GET`, breaks the transport (spec: "the server MUST close the
/// session").
///
/// Responses are compressed by the engine's `HTTPCompressor` (`httpCompression`) when the pending `GET` accepts
/// it; `POST` bodies are never compressed by Engine.IO clients, so they are read as they are.
final class PollingTransport: EngineTransport {
    let kind = EngineTransportKind.polling
    weak var delegate: (any EngineTransportDelegate)?
    private var pendingGET: ResponseWriter?
    /// Headers for the pending `GET`'s response (CORS headers depend on that request's `Origin`).
    private var pendingHeaders: HTTPHeaders = [:]
    /// The coding the pending `GET` accepts (`Accept-Encoding`), if any.
    private var pendingCoding: ContentCoding?
    /// The engine's response compressor; `nil` when `httpCompression` is off.
    private let compressor: HTTPCompressor?

    init(compressor: HTTPCompressor?) {
        self.compressor = compressor
    }

    var isWritable: Bool { pendingGET != nil }

    /// A long-poll `GET` arrived. Returns the reply for the HTTP layer.
    func handleGET(_ request: HTTPRequest, context: RequestContext, headers: HTTPHeaders) -> HTTPReply {
        guard pendingGET == nil else {
            delegate?.transportDidFail(self)
            return .response(HTTPResponse(status: .badRequest, headers: headers))
        }
        return handleGET(
            writer: context.deferResponse(), headers: headers, acceptEncoding: request.headers["Accept-Encoding"])
    }

    /// A long-poll `GET` whose reply is `writer`: a new one, or that of a handshake which waited for an
    /// asynchronous check (`EngineConfiguration.allowRequestAsync`). `acceptEncoding` is the request's header.
    func handleGET(writer: ResponseWriter, headers: HTTPHeaders, acceptEncoding: String?) -> HTTPReply {
        writer.onClose = { [weak self] in
            guard let self else { return }
            pendingGET = nil
            delegate?.transportDidFail(self)
        }
        pendingGET = writer
        pendingHeaders = headers
        pendingCoding = compressor == nil ? nil : ContentCoding.preferred(acceptEncoding: acceptEncoding)
        delegate?.transportDidBecomeWritable(self)
        return .deferred(writer)
    }

    /// A `POST` with a payload of packets arrived.
    func handlePOST(_ request: HTTPRequest, maxPayload: Int, headers corsHeaders: HTTPHeaders) -> HTTPResponse {
        if request.body.count > maxPayload {
            return HTTPResponse(status: .payloadTooLarge, headers: corsHeaders)
        }
        // Engine.IO v4 payloads are always text; binary travels base64-encoded (spec, "HTTP long-polling").
        if request.headers["Content-Type"] == "application/octet-stream" {
            delegate?.transportDidFail(self)
            return HTTPResponse(status: .badRequest, headers: corsHeaders)
        }
        let packets: [EnginePacket]
        do {
            packets = try EnginePayload.decode(request.body)
        } catch {
            delegate?.transportDidReceiveMalformedData(self)
            return HTTPResponse(status: .badRequest, headers: corsHeaders)
        }
        for packet in packets {
            guard let delegate else { break }
            delegate.transport(self, didReceive: packet)
        }
        let headers = Self.withDefaults(corsHeaders, contentType: "text/html")
        return HTTPResponse(status: .ok, headers: headers, body: Array("ok".utf8))
    }

    func send(_ packets: [EnginePacket]) {
        guard let writer = pendingGET else { return }
        pendingGET = nil
        var headers = Self.withDefaults(pendingHeaders, contentType: "text/plain; charset=UTF-8")
        var body = EnginePayload.encode(packets)
        if let compressor {
            // As Node: compressed when any packet allows it (`packets.some(p => p.options.compress)`).
            body = compressor.encode(
                body, coding: pendingCoding, allowed: packets.contains { $0.compress }, headers: &headers)
        }
        writer.send(HTTPResponse(status: .ok, headers: headers, body: body))
    }

    /// `headers` plus Node's polling defaults, `Content-Type` and `cache-control: no-store`, unless an `onHeaders` /
    /// `onInitialHeaders` hook already set them: in Node the hooks run after the defaults and may change them.
    private static func withDefaults(_ headers: HTTPHeaders, contentType: String) -> HTTPHeaders {
        var headers = headers
        if headers["Content-Type"] == nil { headers["Content-Type"] = contentType }
        if headers["cache-control"] == nil { headers["cache-control"] = "no-store" }
        return headers
    }

    func close() {
        delegate = nil
        pendingGET?.onClose = nil
        pendingGET = nil
    }
}
