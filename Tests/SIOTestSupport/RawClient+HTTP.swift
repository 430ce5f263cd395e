// SPDX-License-Identifier: MIT

extension RawClient {
    /// Sends one HTTP/1.1 request on this connection and reads its response.
    public func request(
        _ method: String, _ target: String, body: [UInt8] = [], headers: [(String, String)] = []
    ) throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(headRequest: method == "HEAD")
    }

    public func request(_ method: String, _ target: String, text: String, headers: [(String, String)] = []) throws -> TestResponse {
        try request(method, target, body: Array(text.utf8), headers: headers)
    }
}

extension TestServer {
    /// One request on a fresh connection: the simplest way to talk to a long-polling endpoint.
    public func request(
        _ method: String, _ target: String, text: String = "", headers: [(String, String)] = [],
        timeout: Duration = .seconds(5)
    ) throws -> TestResponse {
        try client(timeout: timeout).request(method, target, body: Array(text.utf8), headers: headers)
    }
}
