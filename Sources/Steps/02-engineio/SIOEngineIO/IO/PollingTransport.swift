// SPDX-License-Identifier: MIT

import SIOHTTP

/// HTTP long-polling (engine.io `transports/polling.ts`): the client keeps one `GET` open to
/// receive, and `POST`s to send.
///
/// The pending `GET` is a `ResponseWriter` from a `.deferred` reply: the HTTP layer keeps that
/// connection waiting until `send` answers it with a payload. A second `GET` while one is pending,
/// or a client that gives up on its `GET`, breaks the transport (spec: "the server MUST close the
/// session").
final class PollingTransport: EngineTransport {
    let kind = EngineTransportKind.polling
    weak var delegate: (any EngineTransportDelegate)?
    private var pendingGET: ResponseWriter?
    /// Headers for the pending `GET`'s response (CORS headers depend on that request's `Origin`).
    private var pendingHeaders: HTTPHeaders = [:]

    var isWritable: Bool { pendingGET != nil }

    /// A long-poll `GET` arrived. Returns the reply for the HTTP layer.
    func handleGET(context: RequestContext, headers: HTTPHeaders) -> HTTPReply {
        guard pendingGET == nil else {
            delegate?.transportDidFail(self)
            return .response(HTTPResponse(status: .badRequest, headers: headers))
        }
        return handleGET(writer: context.deferResponse(), headers: headers)
    }

    /// A long-poll `GET` whose reply is `writer`: a new one, or that of a handshake which waited for an
    /// asynchronous check (`EngineConfiguration.allowRequestAsync`).
    func handleGET(writer: ResponseWriter, headers: HTTPHeaders) -> HTTPReply {
        writer.onClose = { [weak self] in
            guard let self else { return }
            pendingGET = nil
            delegate?.transportDidFail(self)
        }
        pendingGET = writer
        pendingHeaders = headers
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
        let headers = Self.withDefaults(pendingHeaders, contentType: "text/plain; charset=UTF-8")
        writer.send(HTTPResponse(status: .ok, headers: headers, body: EnginePayload.encode(packets)))
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
