// SPDX-License-Identifier: MIT

import SIOCluster
import SIOServer
import Testing

/// The handlers of events another server sends with `serverSideEmit`, as a cluster adapter dispatches them.
@Suite("Server-side events")
struct ServerSideEventsTests {
    @Test("runs every handler of an event with its arguments, and none once it is removed")
    func runsHandlersUntilRemoved() {
        let events = ServerSideEvents()
        var heard: [String] = []
        events.on("hello") { arguments, _ in heard.append("first \(arguments)") }
        events.on("hello") { _, _ in heard.append("second") }
        events.dispatch("hello", [1], ack: nil)
        events.dispatch("other", [], ack: nil)
        events.off("hello")
        events.dispatch("hello", [2], ack: nil)
        #expect(heard == ["first [1]", "second"])
    }

    @Test("passes the acknowledgement only when the sender waits, and lets it answer once, whatever the handlers do")
    func acknowledgesOnce() {
        let events = ServerSideEvents()
        var answers: [SocketIOValue] = []
        var askedForAnswer: [Bool] = []
        events.on("count") { _, ack in
            askedForAnswer.append(ack != nil)
            ack?(1)
            ack?(2)
        }
        events.on("count") { _, ack in ack?(3) }
        events.dispatch("count", [], ack: { answers.append($0) })
        events.dispatch("count", [], ack: nil)
        #expect(answers == [1])
        #expect(askedForAnswer == [true, false])
    }
}
