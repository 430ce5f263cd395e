// SPDX-License-Identifier: MIT
//
// The chat page: state, the socket's events, and the user's actions.
//
// It uses only the part of the Socket.IO client API that ours (sio-client.js) and the official one share:
// io({ auth }), on, emit with an acknowledgement, volatile.emit, disconnect, recovered. On every "connect" (the
// first one and each reconnection) it resends the messages still waiting for their acknowledgement (same
// clientId: the server stores each once), and, unless the server recovered the socket, re-subscribes and
// fetches the history it may have missed.
"use strict";

const state = {
  me: null,
  rooms: new Map(),            // id -> room
  memberRooms: new Set(),      // ids of the rooms I am in
  currentRoomId: null,
  messages: [],                // of the current room, oldest first
  unreadByRoom: new Map(),     // room id -> messages that arrived while another room was shown
  notifications: [],
  unread: 0,
  pending: new Map(),          // clientId -> message sent but not acknowledged yet
  socket: null,
  typingTimer: null,
  lastTyping: 0,
};

const roomHandlers = { open: (id) => openRoom(id), join: (id) => joinRoom(id) };

function showError(where, error) {
  $(where).textContent = error ? error.message || String(error) : "";
}

// ---- Logging in and out -----------------------------------------------------------------------------------

async function login(register) {
  showError("login-error", null);
  const body = { name: $("login-name").value.trim(), password: $("login-password").value };
  try {
    Api.save(await Api.post(register ? "/api/register" : "/api/login", body));
    await start();
  } catch (error) {
    showError("login-error", error);
  }
}

function logout(reason) {
  if (state.socket) state.socket.disconnect();
  state.socket = null;
  Api.clear();
  location.hash = "";
  $("chat-view").hidden = true;
  $("account").hidden = true;
  $("login-view").hidden = false;
  Views.status("offline", "offline");
  showError("login-error", reason ? new Error(reason) : null);
}

/** After a login (or a reload with a saved one): load the state over HTTP, then connect the socket. */
async function start() {
  try {
    const [profile, rooms, notifications] = await Promise.all([
      Api.get("/api/me"), Api.get("/api/rooms"), Api.get("/api/notifications"),
    ]);
    applyProfile(profile);
    state.rooms = new Map(rooms.rooms.map((room) => [room.id, room]));
    state.notifications = notifications.notifications;
    state.unread = notifications.unread;
  } catch (error) {
    return logout(error.status === 401 ? "Please log in again." : error.message);
  }
  $("login-view").hidden = true;
  $("chat-view").hidden = false;
  $("account").hidden = false;
  Views.notifications(state, openNotification);
  connect();
  const fromHash = Number(location.hash.replace("#room-", ""));
  const first = state.memberRooms.has(fromHash) ? fromHash : [...state.memberRooms][0];
  if (first) await openRoom(first); else Views.rooms(state, roomHandlers);
}

function applyProfile(profile) {
  state.me = profile.user;
  state.memberRooms = new Set(profile.rooms);
  $("me").textContent = state.me.name + (state.me.admin ? " (admin)" : "");
  $("admin-toggle").hidden = !state.me.admin;
}

// ---- Rooms and messages -----------------------------------------------------------------------------------

async function openRoom(roomId) {
  state.currentRoomId = roomId;
  state.unreadByRoom.delete(roomId);
  location.hash = "room-" + roomId;
  renderRoomHeader();
  Views.rooms(state, roomHandlers);
  $("message-input").disabled = $("send-button").disabled = false;
  await refreshHistory();
  try {
    const { online } = await Api.get("/api/rooms/" + roomId);
    Views.presence(online);
  } catch (error) {
    showError("chat-error", error);
  }
}

function closeRoom() {
  state.currentRoomId = null;
  state.messages = [];
  renderMessages();
  renderRoomHeader();
  $("message-input").disabled = $("send-button").disabled = true;
}

function renderRoomHeader() {
  const room = state.rooms.get(state.currentRoomId);
  $("room-title").textContent = room ? (room.kind === "direct" ? "@ " : "# ") + room.name : "Pick or create a room";
  $("room-topic").textContent = room ? room.topic : "";
  $("leave-room").hidden = !room || room.kind === "direct";
  Views.presence([]);
}

/** The latest page of the current room, merged with what is on screen (after a reconnection, the gap). */
async function refreshHistory() {
  const roomId = state.currentRoomId;
  try {
    const page = await Api.get("/api/rooms/" + roomId + "/messages?limit=50");
    if (roomId !== state.currentRoomId) return;
    for (const message of page.messages) addMessage(message, false);
    $("load-older").hidden = !page.hasMore;
    renderMessages();
  } catch (error) {
    showError("chat-error", error);
  }
}

async function loadOlder() {
  const oldest = state.messages.find((message) => message.id);
  if (!oldest) return;
  const page = await Api.get("/api/rooms/" + state.currentRoomId + "/messages?limit=50&before=" + oldest.id);
  for (const message of page.messages) addMessage(message, false);
  $("load-older").hidden = !page.hasMore;
  renderMessages();
}

/** Adds a stored message once (by id), replacing its pending copy (by clientId). */
function addMessage(message, render = true) {
  if (message.roomId !== state.currentRoomId) return;
  state.messages = state.messages.filter((item) => item.id !== message.id && !(message.clientId && item.clientId === message.clientId && !item.id));
  state.messages.push(message);
  state.messages.sort((a, b) => (a.id || Infinity) - (b.id || Infinity));
  if (render) renderMessages();
}

function renderMessages() {
  Views.messages(state.messages, state.me, (message) => deleteMessage(message));
}

async function joinRoom(roomId) {
  try {
    const { room } = await Api.post("/api/rooms/" + roomId + "/join");
    state.rooms.set(room.id, room);
    state.memberRooms.add(room.id);
    subscribe();
    await openRoom(room.id);
  } catch (error) {
    showError("chat-error", error);
  }
}

async function leaveRoom() {
  const roomId = state.currentRoomId;
  await Api.post("/api/rooms/" + roomId + "/leave");
  state.memberRooms.delete(roomId);
  subscribe();
  closeRoom();
  Views.rooms(state, roomHandlers);
}

/** Sends over the socket; the message stays "pending" until the server acknowledges it with its stored id. */
function sendMessage(text) {
  const clientId = state.me.id + "-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 8);
  const message = { clientId, roomId: state.currentRoomId, text, author: state.me.name, authorId: state.me.id, created: Date.now(), pending: true };
  state.pending.set(clientId, message);
  state.messages.push(message);
  renderMessages();
  if (state.socket.connected) sendToServer(message);
}

function sendToServer(message) {
  state.socket.emit("send-message", { roomId: message.roomId, text: message.text, clientId: message.clientId }, (answer) => {
    state.pending.delete(message.clientId);
    if (answer.error) {
      message.failed = answer.error;
      message.pending = false;
      renderMessages();
    } else {
      addMessage(answer.message);
    }
  });
}

async function deleteMessage(message) {
  try {
    await Api.del("/api/messages/" + message.id);
    state.messages = state.messages.filter((item) => item.id !== message.id);
    renderMessages();
  } catch (error) {
    showError("chat-error", error);
  }
}

async function openNotification(notification) {
  if (!notification.read) {
    const answer = await Api.post("/api/notifications/" + notification.id + "/read");
    state.notifications = state.notifications.map((item) => (item.id === notification.id ? answer.notification : item));
    state.unread = answer.unread;
    Views.notifications(state, openNotification);
  }
  if (state.memberRooms.has(notification.roomId)) await openRoom(notification.roomId);
}

// ---- Wiring the page ----------------------------------------------------------------------------------

function install() {
  $("login-form").onsubmit = (event) => { event.preventDefault(); login(false); };
  $("register-button").onclick = () => login(true);
  $("logout").onclick = () => logout();
  $("bell").onclick = () => { $("notifications-panel").hidden = !$("notifications-panel").hidden; };
  $("admin-toggle").onclick = () => { $("admin-panel").hidden = !$("admin-panel").hidden; if (!$("admin-panel").hidden) Admin.refresh(); };
  $("read-all").onclick = async () => {
    await Api.post("/api/notifications/read-all");
    state.notifications = state.notifications.map((item) => Object.assign({}, item, { read: true }));
    state.unread = 0;
    Views.notifications(state, openNotification);
  };
  $("load-older").onclick = () => loadOlder();
  $("leave-room").onclick = () => leaveRoom().catch((error) => showError("chat-error", error));
  $("composer").onsubmit = (event) => {
    event.preventDefault();
    const text = $("message-input").value;
    if (!text.trim() || !state.currentRoomId) return;
    $("message-input").value = "";
    sendMessage(text);
  };
  $("message-input").onkeydown = (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  };
  $("message-input").oninput = () => {
    if (!state.socket || Date.now() - state.lastTyping < 2000) return;
    state.lastTyping = Date.now();
    state.socket.volatile.emit("typing", { roomId: state.currentRoomId, typing: true });
  };
  $("create-room-form").onsubmit = async (event) => {
    event.preventDefault();
    showError("chat-error", null);
    try {
      const { room } = await Api.post("/api/rooms", { name: $("new-room-name").value });
      $("new-room-name").value = "";
      state.rooms.set(room.id, room);
      state.memberRooms.add(room.id);
      subscribe();
      await openRoom(room.id);
    } catch (error) {
      showError("chat-error", error);
    }
  };
  $("direct-form").onsubmit = async (event) => {
    event.preventDefault();
    showError("chat-error", null);
    try {
      const { room } = await Api.post("/api/direct", { name: $("direct-name").value.trim() });
      $("direct-name").value = "";
      state.rooms.set(room.id, room);
      state.memberRooms.add(room.id);
      subscribe();
      await openRoom(room.id);
    } catch (error) {
      showError("chat-error", error);
    }
  };
  Admin.install();
  $("client-name").textContent = io.clientName ? "client: " + io.clientName : "client: official socket.io";
  if (Api.session) start(); else logout();
}

install();
