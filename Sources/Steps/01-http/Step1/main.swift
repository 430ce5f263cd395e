// SPDX-License-Identifier: MIT
//
// Step 1: an HTTP/1.1 server on our own event loop.
//
//   swift run Step1 [--host 0.0.0.0] [--port 3000] [--static DIR]
//
// Routes: `/` (a page), `GET /health` (JSON), `/static/...` (files from DIR), all on one event loop (one
// thread; several loops, one per core, come with SIOLoops in step 5). A bad flag stops it with one line and
// status 2, a port it cannot listen on with one line and status 1 (`CommandLineOptions.fromProcess`, `Startup`:
// SIOCommandLine, the command line every executable shares).
import Foundation
import SIOCommandLine
import SIOHTTP

let options = CommandLineOptions.fromProcess(valueNames: ["static"]) { try $0.requireDirectory("static") }
let staticRoot = options.values["static"]
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("static").path

var configuration = HTTPServer.Configuration()
configuration.log = { line in Console.log(line) }
let page = """
    <!doctype html>
    <html><head><meta charset="utf-8"><title>Step 1</title><link rel="stylesheet" href="/static/style.css"></head>
    <body><h1>Step 1: HTTP/1.1 on an event loop</h1>
    <p>This page, <a href="/health"><code>/health</code></a> and
    <a href="/static/hello.txt"><code>/static/hello.txt</code></a> are served by Swift code you can read
    in <code>Sources/Steps/01-http</code>.</p></body></html>

    """

let loop = Startup.orExit { try EventLoop() }
let server = HTTPServer(configuration: configuration, loop: loop)
server.mount("/health", methods: ["GET"]) { _, _ in
    .response(HTTPResponse(contentType: "application/json", text: #"{"status":"ok"}"#))
}
let files = StaticFiles(root: staticRoot, urlPrefix: "/static/")
server.mount("/static/") { request, _ in .response(files.response(for: request)) }
server.mount("/", methods: ["GET"]) { request, _ in
    guard request.path == "/" else { return .pass }
    return .response(HTTPResponse(contentType: "text/html; charset=utf-8", text: page))
}

let port = Startup.orExit { try server.start(host: options.host, port: options.port) }
Console.log("Step1 listening on http://\(options.host == "0.0.0.0" ? "localhost" : options.host):\(port)")
let signals = ShutdownSignals(loop: loop) {
    Console.log("shutting down")
    server.shutdown { loop.stop() }
}
loop.run()
withExtendedLifetime(signals) {}
