// SPDX-License-Identifier: MIT

@testable import SIOWebSocket
import SIOTestSupport

/// `"a9 99 3e"` or `"a9993e"` -> bytes.
func hex(_ string: String) -> [UInt8] {
    let digits = Array(string.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// Bytes -> lowercase hex without separators.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The masking key RFC 6455 §5.7 uses in its examples.
let rfcKey = WebSocketMaskingKey(0x37, 0xFA, 0x21, 0x3D)

/// A frame as a client sends it: masked with `key`.
func clientBytes(_ frame: WebSocketFrame, key: WebSocketMaskingKey = rfcKey) -> [UInt8] {
    frame.encoded(maskingKey: key)
}

/// Cuts `bytes` into pieces of random sizes (1 to `maxPiece` bytes).
func randomSplit(_ bytes: [UInt8], maxPiece: Int, using generator: inout SplitMix64) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var index = 0
    while index < bytes.count {
        let size = Int.random(in: 1...maxPiece, using: &generator)
        let end = min(index + size, bytes.count)
        pieces.append(Array(bytes[index..<end]))
        index = end
    }
    return pieces
}

/// The close frame a server sends to fail the connection with `error`.
func failure(_ error: WebSocketProtocolError) -> [WebSocketAction] {
    [.sendFrame(.close(code: error.closeCode, reason: error.description)), .closeConnection]
}

extension WebSocketStateMachine {
    /// Appends `bytes` and takes every action they call for, in order.
    mutating func actions(for bytes: some Collection<UInt8>) -> [WebSocketAction] {
        append(bytes)
        var actions: [WebSocketAction] = []
        while let action = nextAction() {
            actions.append(action)
        }
        return actions
    }
}
