// SPDX-License-Identifier: MIT
//
// The admin panel: online users (user_online / user_offline), a message to everyone (message_all_users),
// and the server log (set_log_listener / log / remove_log_listener / fetch_daily_logs / daily_logs).
// The server checks every one of these events; the panel is only hidden from non-admins for tidiness.
"use strict";

const Admin = {
  online: new Map(),   // user id -> name
  socket: null,

  /** Wires the panel to a (new) socket. */
  attach(socket) {
    this.socket = socket;
    socket.on("user_online", (user) => { this.online.set(user.id, user.name); this.renderOnline(); });
    socket.on("user_offline", (user) => { this.online.delete(user.id); this.renderOnline(); });
    socket.on("log", (record) => this.appendLog([record]));
    socket.on("daily_logs", (records) => {   // an array of log events, as audiobookshelf sends it
      $("log-output").textContent = "";
      this.appendLog(records);
    });
  },

  /** Loads who is online now; the events keep it current afterwards. */
  async refresh() {
    const { users } = await Api.get("/api/users");
    this.online = new Map(users.filter((user) => user.online).map((user) => [user.id, user.name]));
    this.renderOnline();
  },

  renderOnline() {
    const names = [...this.online.values()].sort();
    $("online-users").replaceChildren(...names.map((name) => el("li", "", name)));
  },

  appendLog(records) {
    const output = $("log-output");
    for (const record of records) {
      // "YYYY-MM-DD HH:MM:SS": show the time of day.
      output.textContent += record.timestamp.slice(11, 19) + " " + record.levelName.padEnd(5) + " " + record.message + "\n";
    }
    output.scrollTop = output.scrollHeight;
  },

  /** Emits an admin event and shows a refusal (`{error}` acknowledgement) in the panel. */
  send(event, payload) {
    $("admin-error").textContent = "";
    this.socket.emit(event, payload, (answer) => {
      if (answer && answer.error) $("admin-error").textContent = event + ": " + answer.error;
    });
  },

  install() {
    $("broadcast-form").onsubmit = (event) => {
      event.preventDefault();
      this.send("message_all_users", { message: $("broadcast-text").value });
      $("broadcast-text").value = "";
    };
    $("log-start").onclick = () => this.send("set_log_listener", { level: Number($("log-level").value) });
    $("log-stop").onclick = () => this.send("remove_log_listener", {});
    $("log-fetch").onclick = () => this.send("fetch_daily_logs", {});
  },
};
