// SPDX-License-Identifier: MIT
//
// The HTTP JSON API, and the login kept in localStorage (so every tab of this browser is one device: one `gid`).
"use strict";

const Api = {
  storageKey: "chatdemo.session",

  /** { user, token, gid } of the last login, or null. */
  session: JSON.parse(localStorage.getItem("chatdemo.session") || "null"),

  save(session) {
    this.session = session;
    localStorage.setItem(this.storageKey, JSON.stringify(session));
  },

  clear() {
    this.session = null;
    localStorage.removeItem(this.storageKey);
  },

  /** Calls the API; resolves with the JSON answer, rejects with an Error whose message is the server's
   *  `error` text and whose `status` is the HTTP status. */
  async request(method, path, body) {
    const headers = {};
    if (this.session) headers.Authorization = "Bearer " + this.session.token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const error = new Error(json.error || response.statusText);
      error.status = response.status;
      throw error;
    }
    return json;
  },

  get(path) { return this.request("GET", path); },
  post(path, body) { return this.request("POST", path, body === undefined ? {} : body); },
  del(path) { return this.request("DELETE", path); },
};
