// SPDX-License-Identifier: MIT

/// What storing a message produced, all committed together.
struct PostedMessage: Sendable {
    let message: Message
    /// One per user mentioned (or, in a direct room, for the other member); empty for a duplicate.
    let notifications: [ChatNotification]
    /// The message had already been stored under the same `clientId`: nothing new was written, so
    /// nothing must be broadcast again.
    let isDuplicate: Bool
}
