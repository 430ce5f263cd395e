// SPDX-License-Identifier: MIT
//
// The page's socket: connecting with the saved token, and what each server event changes on the page
// (the events are listed in docs/chatdemo.md). `state`, the rendering and the actions live in app.js.
"use strict";

function connect() {
  const socket = io({ auth: (send) => send({ token: Api.session.token }) });
  state.socket = socket;
  Admin.attach(socket);

  socket.on("connect", () => {
    Views.status("online", "online");
    // A recovered socket (connection state recovery) is back in its rooms, and the server sends what it missed
    // right after this: nothing to subscribe to again, nothing to fetch.
    if (!socket.recovered) {
      subscribe();
      if (state.currentRoomId) refreshHistory();
    }
    for (const message of state.pending.values()) sendToServer(message);
    if (state.me.admin) Admin.refresh();
  });
  socket.on("disconnect", () => Views.status("reconnecting\u2026", "reconnecting"));
  socket.on("connect_error", (error) => {
    const status = error.data && error.data.status;
    if (status === 401 || status === 403) logout("Your session has ended; please log in again.");
    else Views.status("reconnecting\u2026", "reconnecting");
  });

  socket.on("message-create", ({ message }) => {
    if (message.roomId === state.currentRoomId) addMessage(message);
    else state.unreadByRoom.set(message.roomId, (state.unreadByRoom.get(message.roomId) || 0) + 1);
    Views.rooms(state, roomHandlers);
  });
  socket.on("message-delete", ({ id }) => {
    state.messages = state.messages.filter((message) => message.id !== id);
    renderMessages();
  });
  socket.on("version-create", ({ message }) => {   // an edit made elsewhere (PATCH /api/messages/:id)
    state.messages = state.messages.map((shown) => (shown.id === message.id ? message : shown));
    renderMessages();
  });
  socket.on("typing", ({ roomId, user, typing }) => {
    if (roomId !== state.currentRoomId) return;
    $("typing").textContent = typing ? user.name + " is typing\u2026" : "";
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => { $("typing").textContent = ""; }, 3000);
  });
  socket.on("presence", ({ roomId, online }) => { if (roomId === state.currentRoomId) Views.presence(online); });

  socket.on("new-notification", ({ notification, unread }) => {
    state.notifications.unshift(notification);
    state.unread = unread;
    Views.notifications(state, openNotification);
    Views.toast(notification.from + (notification.kind === "direct" ? ": " : " mentioned you: ") + notification.excerpt, "notify");
  });
  socket.on("updated-notification", ({ notification, unread }) => {
    state.notifications = state.notifications.map((item) => (item.id === notification.id ? notification : item));
    state.unread = unread;
    Views.notifications(state, openNotification);
  });

  socket.on("room-create", ({ room }) => { state.rooms.set(room.id, room); Views.rooms(state, roomHandlers); });
  socket.on("room-update", ({ room }) => {
    state.rooms.set(room.id, room);
    if (room.id === state.currentRoomId) renderRoomHeader();
    Views.rooms(state, roomHandlers);
  });
  socket.on("room-delete", ({ id }) => {
    state.rooms.delete(id);
    state.memberRooms.delete(id);
    if (id === state.currentRoomId) closeRoom();
    Views.rooms(state, roomHandlers);
  });
  socket.on("user-update", (profile) => { applyProfile(profile); subscribe(); Views.rooms(state, roomHandlers); });
  socket.on("user-delete", () => logout("Your account was deleted."));
  socket.on("admin_message", (message) => {   // the text alone, a string (audiobookshelf's shape)
    $("banner").textContent = "Message from an admin: " + message;
    $("banner").hidden = false;
    Views.toast("Admin: " + message, "admin");
  });
}

/** Chooses which rooms' message events this socket receives: every room I am in (replaces the last set). */
function subscribe() {
  if (state.socket) state.socket.emit("subscribe", { rooms: [...state.memberRooms] }, () => {});
}
