// SPDX-License-Identifier: MIT

/// What the permessage-deflate negotiation (RFC 7692 §5, §7.1) agreed on for one connection, and the pure
/// negotiation itself: the client's `Sec-WebSocket-Extensions` offers in, our answer out.
///
/// ```text
/// client:  Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits
/// server:  Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover
/// ```
///
/// Our answers always carry `server_no_context_takeover` (§7.1.1.1 lets a server add it to any offer): every
/// message we send is compressed on its own, so no connection needs a deflate stream of its own (256 KiB each in
/// zlib), one per loop serves them all, and a broadcast compresses once for all its receivers. They always carry
/// `client_no_context_takeover` too (§7.1.1.2: a server may include it in a response): the client's messages
/// inflate without a window kept between them, so a connection holds no zlib memory between messages (about
/// 40 kB each otherwise, ~400 MB for 10,000 clients). It costs some ratio on short client messages, and it makes
/// clients such as Node's `ws` apply their threshold instead of compressing every message. We honour
/// `server_max_window_bits` from 9 to 15 and leave `client_max_window_bits` unanswered: we inflate with a 2^15
/// window, which reads any window the client uses. An offer we cannot honour (an unknown or repeated
/// parameter, a bad value, `server_max_window_bits=8`, which zlib cannot write) is declined (§5.1), and the next
/// offer is tried; when none is left the connection runs uncompressed.
package struct PerMessageDeflate: Sendable, Hashable {
    /// The extension's token in `Sec-WebSocket-Extensions` (§7).
    package static let name = "permessage-deflate"

    /// Whether the client resets its window before each message (`client_no_context_takeover`, §7.1.1.2).
    package var clientNoContextTakeover: Bool
    /// The window we compress with, `2^serverMaxWindowBits` bytes (`server_max_window_bits`, §7.1.2.1).
    package var serverMaxWindowBits: Int
    /// Whether the client asked for `server_max_window_bits`, so that the answer must repeat it.
    private var echoesServerWindow: Bool

    /// Parameters with no offer behind them: 2^15 windows, client context takeover.
    package init(clientNoContextTakeover: Bool = false, serverMaxWindowBits: Int = 15) {
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        echoesServerWindow = serverMaxWindowBits != 15
    }

    /// The value of our `Sec-WebSocket-Extensions` response field (§7.1).
    package var responseValue: String {
        var value = Self.name + "; server_no_context_takeover"
        if clientNoContextTakeover { value += "; client_no_context_takeover" }
        if echoesServerWindow { value += "; server_max_window_bits=\(serverMaxWindowBits)" }
        return value
    }

    /// The first permessage-deflate offer in `values` (every `Sec-WebSocket-Extensions` field, in order) that we
    /// can honour, or `nil` when there is none and no extension is used.
    package static func negotiate(offers values: some Sequence<Substring>) -> PerMessageDeflate? {
        for value in values {
            for offer in extensions(in: value) where offer.name == name {
                if let agreed = accept(offer.parameters) { return agreed }
            }
        }
        return nil
    }

    /// Our answer to one offer's parameters, or `nil` to decline it.
    static func accept(_ parameters: [(name: String, value: String?)]) -> PerMessageDeflate? {
        var agreed = PerMessageDeflate(clientNoContextTakeover: true)
        var seen: Set<String> = []
        for (name, value) in parameters {
            // §7.1: "MUST NOT include multiple extension parameters with the same name".
            guard seen.insert(name).inserted else { return nil }
            switch name {
            case "server_no_context_takeover":
                guard value == nil else { return nil }
            case "client_no_context_takeover":
                // Offered or not, we ask for it (above).
                guard value == nil else { return nil }
            case "server_max_window_bits":
                guard let bits = windowBits(value), bits >= 9 else { return nil }
                agreed.serverMaxWindowBits = bits
                agreed.echoesServerWindow = true
            case "client_max_window_bits":
                // No value, or 8 to 15; we need not answer it (§7.1.2.2).
                guard value == nil || windowBits(value) != nil else { return nil }
            default:
                return nil
            }
        }
        return agreed
    }

    /// A window size parameter's value: 1*DIGIT from 8 to 15 without leading zero (§7.1.2.1), possibly quoted.
    private static func windowBits(_ value: String?) -> Int? {
        guard let value, let first = value.first, first != "0", value.allSatisfy(\.isASCII),
            let bits = Int(value), (8...15).contains(bits)
        else { return nil }
        return bits
    }

    /// The extensions of one field value: `name; p1; p2=v, name2` (RFC 6455 §9.1), names lowercased,
    /// values unquoted. A quoted value may hold `,` and `;`.
    static func extensions(in value: some StringProtocol) -> [(name: String, parameters: [(name: String, value: String?)])] {
        var result: [(name: String, parameters: [(name: String, value: String?)])] = []
        for element in split(value, on: ",") {
            let parts = split(element, on: ";").map { WebSocketHandshake.trimmed($0) }
            guard let name = parts.first, !name.isEmpty else { continue }
            let parameters = parts.dropFirst().filter { !$0.isEmpty }.map { part -> (name: String, value: String?) in
                guard let equals = part.firstIndex(of: "=") else { return (part.lowercased(), nil) }
                var value = WebSocketHandshake.trimmed(part[part.index(after: equals)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
                return (WebSocketHandshake.trimmed(part[..<equals]).lowercased(), String(value))
            }
            result.append((name.lowercased(), parameters))
        }
        return result
    }

    /// `value` split on `separator` outside double quotes.
    private static func split(_ value: some StringProtocol, on separator: Character) -> [Substring] {
        let value = Substring(value)
        var pieces: [Substring] = []
        var start = value.startIndex
        var quoted = false
        for index in value.indices {
            if value[index] == "\"" { quoted.toggle() }
            if value[index] == separator, !quoted {
                pieces.append(value[start..<index])
                start = value.index(after: index)
            }
        }
        pieces.append(value[start...])
        return pieces
    }
}
