// SPDX-License-Identifier: MIT

import SIOAuth
import SIOCluster
import SIOJSON
import SIOServer

/// The Socket.IO side of the app: who is connected as whom, who is online, and how `ChatService`'s events
/// reach sockets.
///
/// Authentication is step 5's `Authenticator`: a socket brings its token in the CONNECT packet or sends an
/// `authentication` event within 10 seconds. Once it is in, `authenticated` puts it in its rooms (see
/// `RoomNames`) and counts it online. The event handlers (`ChatSocketEvents`, `AdminSocketEvents`) find the
/// socket's user in `sessions`.
///
/// Online means "at least one authenticated socket": a user's first socket makes them online (admins get
/// `user_online`, their rooms' subscribers get `presence`), their last disconnect makes them offline.
///
/// A process runs one hub per event loop (`ChatServer`), each with the sockets of its loop. What they must
/// agree on is shared or sent: the online count is `OnlineUsers`, one for the process; events reach the
/// sockets of every loop through the adapter's rooms; and a change to the sessions themselves (admin rights)
/// travels to the other hubs as a server-side event.
final class RealtimeHub: ChatEventSink {
    /// The server-side event that tells the other hubs a user's admin rights changed: `[userID]`.
    static let adminRightsEvent = "chatdemo:admin-rights"

    let io: Server
    let auth: Authenticator
    let chat: ChatService
    /// The process's online users, shared by every loop's hub.
    let online: OnlineUsers
    /// This hub's loop in the process (0 when alone), for the log.
    let loopIndex: Int
    var logger: Logger { chat.logger }
    /// The authenticated sockets of this loop, by id.
    private(set) var sessions: [SocketID: SocketSession] = [:]

    init(io: Server, auth: Authenticator, chat: ChatService, online: OnlineUsers, loopIndex: Int) {
        self.io = io
        self.auth = auth
        self.chat = chat
        self.online = online
        self.loopIndex = loopIndex
        auth.onAuthenticated { [unowned self] socket, claims in authenticated(socket, claims) }
        auth.userData = { [unowned self] socket, claims in initPayload(socket, claims) }
        io.onServerSideEmit(Self.adminRightsEvent) { [unowned self] arguments, _ in
            guard let userID = arguments.first?.intValue, let user = try? chat.store.user(id: userID) else { return }
            refreshSessions(of: user)
        }
    }

    var onlineUserIDs: Set<Int> { online.userIDs }

    // MARK: Sockets coming and going

    private func authenticated(_ socket: Socket, _ jwtClaims: JWTClaims) {
        guard let claims = TokenIssuer.claims(from: jwtClaims), let user = try? chat.store.user(id: claims.userID) else {
            logger.warn("socket \(socket.id) has a token without a known user; disconnecting")
            return socket.disconnect(close: true)
        }
        sessions[socket.id] = SocketSession(user: user, claims: claims)
        var rooms = [RoomNames.user(user.id), RoomNames.device(userID: user.id, groupID: claims.groupID)]
        if user.isAdmin { rooms.append(RoomNames.admins) }
        socket.join(rooms)
        socket.onDisconnect { [unowned self] reason in disconnected(socket, userID: user.id, reason: reason) }
        logger.debug(
            "socket \(socket.id) of \(user.name) connected over \(socket.conn.transportName)",
            fields: ["loop": .number(Double(loopIndex))])
        if online.socketConnected(userID: user.id) { onlineChanged(user, online: true) }
    }

    private func disconnected(_ socket: Socket, userID: Int, reason: DisconnectReason) {
        let session = sessions.removeValue(forKey: socket.id)
        logger.removeListener(id: socket.id)
        logger.debug("socket \(socket.id) of \(session?.user.name ?? "#\(userID)") disconnected: \(reason)")
        guard online.socketDisconnected(userID: userID), let user = session?.user else { return }
        onlineChanged(user, online: false)
    }

    /// The `init` answer of the `auth` convention, as audiobookshelf's SocketAuthority sends it:
    /// `{"userId","username"}`, for admins also `usersOnline` (each online user's public JSON with its number of
    /// `connections`), plus step 5's `sub` and `gid` claims. Runs after `authenticated`, so the session exists.
    private func initPayload(_ socket: Socket, _ claims: JWTClaims) -> SocketIOValue {
        var object: SocketIOObject = [:]
        if let subject = claims.subject { object["sub"] = .string(subject) }
        if let group = claims.groupID { object["gid"] = .string(group) }
        guard let user = sessions[socket.id]?.user else { return .object(object) }
        object["userId"] = .number(Double(user.id))
        object["username"] = .string(user.name)
        if user.isAdmin { object["usersOnline"] = .array(usersOnline()) }
        return .object(object)
    }

    /// Every online user of the process, by name: the public user with `connections`, its socket count.
    private func usersOnline() -> [SocketIOValue] {
        let users = online.connections.compactMap { id, count -> (User, Int)? in
            guard let user = try? chat.store.user(id: id) else { return nil }
            return (user, count)
        }
        return users.sorted { $0.0.name < $1.0.name }.map { user, count in
            var object = user.publicJSON.objectValue ?? [:]
            object["connections"] = .number(Double(count))
            return SocketIOValue(JSON.object(object))
        }
    }

    /// `user_online` / `user_offline` (the public user) to admins, and new presence lists for the user's rooms.
    private func onlineChanged(_ user: User, online: Bool) {
        io.to(RoomNames.admins).emit(online ? "user_online" : "user_offline", SocketIOValue(user.publicJSON))
        for roomID in (try? chat.store.roomIDs(of: user.id)) ?? [] { broadcastPresence(roomID) }
    }

    /// Sends the room's presence list to its subscribers.
    func broadcastPresence(_ roomID: Int) {
        guard let payload = presencePayload(roomID) else { return }
        io.to(RoomNames.chat(roomID)).emit("presence", payload)
    }

    /// `{"roomId":1,"online":[{"id":2,"name":"bob",...}]}`
    func presencePayload(_ roomID: Int) -> SocketIOValue? {
        guard let online = try? chat.presence(roomID: roomID) else { return nil }
        return SocketIOValue(["roomId": .number(Double(roomID)), "online": .array(online.map(\.json))])
    }

    /// The session of an authenticated socket.
    func session(of socket: Socket) -> SocketSession? { sessions[socket.id] }

    // MARK: ChatEventSink

    func emit(_ event: String, _ payload: JSON, to audience: Audience, except origin: Origin?) {
        var target: BroadcastOperator
        switch audience {
        case .user(let id): target = io.to(RoomNames.user(id))
        case .users(let ids): target = io.to(ids.map(RoomNames.user))
        case .subscribers(let roomID): target = io.to(RoomNames.chat(roomID))
        case .admins: target = io.to(RoomNames.admins)
        case .everyone: target = auth.authenticated
        }
        if let origin, let groupID = origin.groupID {
            target = target.except(RoomNames.device(userID: origin.user.id, groupID: groupID))
        }
        target.emit(event, SocketIOValue(payload))
    }

    func membershipChanged(userID: Int, joined: [Int], left: [Int]) {
        for roomID in left { io.in(RoomNames.user(userID)).socketsLeave(RoomNames.chat(roomID)) }
        guard online.isOnline(userID) else { return }
        for roomID in joined + left { broadcastPresence(roomID) }
    }

    func roomDeleted(_ roomID: Int) {
        io.in(RoomNames.chat(roomID)).socketsLeave(RoomNames.chat(roomID))
    }

    func userDeleted(_ userID: Int) {
        io.in(RoomNames.user(userID)).disconnectSockets(close: true)
    }

    /// The user's sessions on every loop get the new rights (the server-side event reaches the other loops,
    /// and the other processes with Redis, before the `user-update` that `ChatService` sends next), and
    /// their sockets join or leave the admins' room wherever they are.
    func adminRightsChanged(_ user: User) {
        refreshSessions(of: user)
        io.serverSideEmit(Self.adminRightsEvent, .number(Double(user.id)))
        let target = io.in(RoomNames.user(user.id))
        if user.isAdmin { target.socketsJoin(RoomNames.admins) } else { target.socketsLeave(RoomNames.admins) }
    }

    /// The sessions of `user`'s sockets on this loop take `user` as it is now in the store.
    private func refreshSessions(of user: User) {
        for (id, session) in sessions where session.user.id == user.id {
            sessions[id]?.user = user
        }
    }
}
