// SPDX-License-Identifier: MIT

import SIOServer

/// `/api/notifications...`: the bell.
enum NotificationRoutes {
    static func install(on router: APIRouter, chat: ChatService) {
        router.add("GET", "/api/notifications", access: .user) { request in
            // Non-nil: a default is given.
            let limit = try request.queryInt("limit", in: 1...Limits.maxPageSize, default: Limits.defaultPageSize)!
            let before = try request.queryInt("before", in: 1...Int.max, default: nil)
            let unreadOnly = request.http.query("unread") == "1" || request.http.query("unread") == "true"
            let (list, unread) = try chat.notifications(request.currentUser, unreadOnly: unreadOnly, before: before, limit: limit)
            return .ok(["notifications": .array(list.map(\.json)), "unread": .number(Double(unread))])
        }

        router.add("GET", "/api/notifications/unread-count", access: .user) { request in
            .ok(["unread": .number(Double(try chat.unreadCount(request.currentUser)))])
        }

        router.add("POST", "/api/notifications/:id/read", access: .user) { request in
            let (notification, unread) = try chat.markRead(request.currentUser, notificationID: request.parameter("id"))
            return .ok(["notification": notification.json, "unread": .number(Double(unread))])
        }

        router.add("POST", "/api/notifications/read-all", access: .user) { request in
            .ok(["marked": .number(Double(try chat.markAllRead(request.currentUser))), "unread": 0])
        }
    }
}
