// SPDX-License-Identifier: MIT

import SIOServer
import Testing

@Suite("Session stores by namespace name: shared, kept while they hold something, then forgotten")
struct SessionStoresTests {
    private let configuration = ConnectionStateRecovery(maxDisconnectionDuration: .seconds(10))

    @Test("a name gets the same store every time, so a removed dynamic namespace made again finds its sessions")
    func sameStorePerName() {
        let stores = SessionStores(configuration: configuration)
        let first = stores.store(for: "/dynamic-1", now: .zero)
        first.persist(RecoverableSession(sid: "s", pid: "p", rooms: ["s"], data: [:]), now: .zero)
        #expect(stores.store(for: "/dynamic-1", now: .seconds(1)) === first)
        #expect(stores.store(for: "/", now: .seconds(1)) !== first)
    }

    @Test("stores left empty by the window are dropped when the table grows; those holding sessions stay")
    func dropsEmptyStores() {
        let stores = SessionStores(configuration: configuration)
        let kept = stores.store(for: "/kept", now: .seconds(20))
        kept.persist(RecoverableSession(sid: "s", pid: "p", rooms: ["s"], data: [:]), now: .seconds(20))
        for index in 0..<63 {
            stores.store(for: "/gone-\(index)", now: .zero).persist(
                RecoverableSession(sid: "s\(index)", pid: "p\(index)", rooms: [], data: [:]), now: .zero)
        }
        #expect(stores.count == 64)
        _ = stores.store(for: "/new", now: .seconds(25))
        #expect(stores.count == 2)
        #expect(stores.store(for: "/kept", now: .seconds(25)) === kept)
    }
}
