// SPDX-License-Identifier: MIT
//
// Rendering: functions that turn state into DOM. Text from users is always set with textContent, never
// parsed as HTML, so a message like `<img onerror=...>` shows as text.
"use strict";

const $ = (id) => document.getElementById(id);

/** An element with a class and text (or children). */
function el(tag, className, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (typeof content === "string") node.textContent = content;
  else if (Array.isArray(content)) node.append(...content);
  return node;
}

const Views = {
  time(milliseconds) {
    const date = new Date(milliseconds);
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  },

  /** The text with @mentions wrapped in <span class="mention">. */
  messageText(text, myName) {
    const span = el("span", "text");
    for (const part of text.split(/(@[A-Za-z0-9_.-]+)/)) {
      if (!part) continue;
      if (part.startsWith("@")) {
        const name = part.slice(1).replace(/\.+$/, "");
        span.append(el("span", name.toLowerCase() === myName.toLowerCase() ? "mention me" : "mention", part));
      } else {
        span.append(document.createTextNode(part));
      }
    }
    return span;
  },

  /** One message; `pending` ones (sent, not yet acknowledged) are greyed out. */
  message(message, me, onDelete) {
    const item = el("li", "message" + (message.pending ? " pending" : "") + (message.failed ? " failed" : ""));
    if (message.id) item.dataset.id = message.id;
    if (message.clientId) item.dataset.clientId = message.clientId;
    item.append(el("time", "muted", Views.time(message.created)), el("b", "author", message.author), Views.messageText(message.text, me.name));
    if (message.failed) item.append(el("span", "error", " " + message.failed));
    if (message.id && (message.authorId === me.id || me.admin)) {
      const button = el("button", "delete", "\u00d7");
      button.title = "Delete";
      button.onclick = () => onDelete(message);
      item.append(button);
    }
    return item;
  },

  messages(list, me, onDelete) {
    const container = $("messages");
    const atBottom = container.scrollTop + container.clientHeight >= container.scrollHeight - 30;
    container.replaceChildren(...list.map((message) => Views.message(message, me, onDelete)));
    if (atBottom || list.length <= 50) container.scrollTop = container.scrollHeight;
  },

  /** The two room lists; `unread` counts messages that arrived in rooms not on screen. */
  rooms(state, handlers) {
    const mine = [], others = [];
    const sorted = [...state.rooms.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const room of sorted) {
      const isMember = state.memberRooms.has(room.id);
      const label = room.kind === "direct" ? "@ " + room.name : "# " + room.name;
      const item = el("li", room.id === state.currentRoomId ? "room current" : "room");
      item.dataset.roomId = room.id;
      const name = el("button", "room-name", label);
      if (isMember) {
        name.onclick = () => handlers.open(room.id);
        const count = state.unreadByRoom.get(room.id) || 0;
        item.append(name);
        if (count) item.append(el("span", "badge", String(count)));
        mine.push(item);
      } else {
        name.onclick = () => handlers.join(room.id);
        name.title = "Join";
        item.append(name, el("span", "muted", " " + room.members + (room.members === 1 ? " member" : " members")));
        others.push(item);
      }
    }
    $("my-rooms").replaceChildren(...mine);
    $("other-rooms").replaceChildren(...others);
  },

  notifications(state, onOpen) {
    const items = state.notifications.map((notification) => {
      const what = notification.kind === "direct" ? " sent you a message: " : " mentioned you: ";
      const item = el("li", notification.read ? "notification" : "notification unread", [
        el("b", "", notification.from), document.createTextNode(what), el("span", "excerpt", notification.excerpt),
        el("time", "muted", " " + Views.time(notification.created)),
      ]);
      item.dataset.id = notification.id;
      item.onclick = () => onOpen(notification);
      return item;
    });
    $("notifications").replaceChildren(...items);
    $("unread-badge").textContent = String(state.unread);
    $("unread-badge").hidden = state.unread === 0;
  },

  presence(online) {
    $("presence").textContent = online.length ? "Online: " + online.map((user) => user.name).join(", ") : "";
  },

  status(text, className) {
    $("status").textContent = text;
    $("status").className = "status " + className;
  },

  toast(text, className) {
    const toast = el("div", "toast " + (className || ""), text);
    $("toasts").append(toast);
    setTimeout(() => toast.remove(), 6000);
  },
};
