// SPDX-License-Identifier: MIT

import SIOEngineIO
import SIOJSON

/// How a dynamic parent decides whether a name becomes its child: at once (a pattern, a plain closure), or by
/// awaiting (Node's `(name, auth, next)` calling `next` later, e.g. after a database look-up).
enum NamespacePredicate {
    case atOnce((String, JSONObject) -> Bool)
    case awaiting((String, JSONObject) async -> Bool)

    /// The answer of a predicate that answers at once, for a program's `of(name)` (no auth); `false` for one that awaits.
    func matchesAtOnce(_ name: String) -> Bool {
        if case .atOnce(let matches) = self { return matches(name, [:]) }
        return false
    }
}

extension Server {
    /// A dynamic namespace decided by code that may take its time: `predicate(name, auth)` is awaited on the loop
    /// (its task's executor is the loop), and the client's CONNECT waits for the answer, at most
    /// `ServerConfiguration.namespaceCheckTimeout`, after which the answer counts as `false` (socket.io `index.ts`
    /// `_checkNamespace` with a function parent, whose `next(err, allow)` may come later).
    ///
    /// ```swift
    /// io.of(matching: { name, auth in await workspaces.exists(name) }).onConnection { socket in ... }
    /// ```
    ///
    /// A program's `of(name)` does not ask it (there is nothing to wait in): the name becomes a plain namespace.
    @discardableResult
    public func of(matching predicate: @escaping (_ name: String, _ auth: JSONObject) async -> Bool) -> ParentNamespace {
        addParent(fromPattern: false, .awaiting(predicate))
    }

    /// Finds the namespace a client's CONNECT for `name` goes to, as socket.io `index.ts` `_checkNamespace` does: an
    /// existing one, or a new child of the first dynamic parent that accepts it, asked in the order they were added;
    /// `nil` for `Invalid namespace`. `done` runs on the loop: at once when no predicate awaits, later otherwise.
    /// `waiting` receives each wait begun, for the client to cancel if it leaves first.
    ///
    /// A name longer than `maxNamespaceNameBytes` is refused before any predicate runs; a new child past
    /// `maxChildNamespaces` is refused once a parent accepted it. A name that came to exist while a predicate was
    /// awaited is the existing namespace (Node checks `_nsps` again).
    func checkNamespace(
        _ name: String, auth: JSONObject, from first: Int = 0,
        waiting: @escaping (BoundedWait) -> Void, _ done: @escaping (Namespace?) -> Void
    ) {
        if let existing = namespaces[name] { return done(existing) }
        guard name.utf8.count <= configuration.maxNamespaceNameBytes else { return done(nil) }
        for index in parents.indices.dropFirst(first) {
            let parent = parents[index].parent
            switch parents[index].predicate {
            case .atOnce(let matches):
                if matches(name, auth) { return done(child(name, of: parent)) }
            case .awaiting(let matches):
                let wait = BoundedWait.start(
                    on: loop, timeout: configuration.namespaceCheckTimeout, fallback: false, { await matches(name, auth) }
                ) { [weak self] allowed in
                    guard let self else { return }
                    if allowed { return done(child(name, of: parent)) }
                    checkNamespace(name, auth: auth, from: index + 1, waiting: waiting, done)
                }
                return waiting(wait)
            }
        }
        done(nil)
    }

    /// `parent`'s new child `name`, or the namespace of that name if one came to exist meanwhile; `nil` past
    /// `maxChildNamespaces`.
    private func child(_ name: String, of parent: ParentNamespace) -> Namespace? {
        if let existing = namespaces[name] { return existing }
        guard childNamespaceCount < configuration.maxChildNamespaces else {
            statistics.childNamespacesRefused += 1
            return nil
        }
        return parent.createChild(name)
    }
}
