// SPDX-License-Identifier: MIT
// The benchmark contract on the official Node server (socket.io 4.x). The socket.io package is not
// part of this repository: install it (`npm install socket.io`) or point NODE_PATH at a built copy.
//
//   node node-server.js --port 9002 [--host 127.0.0.1] [--ping-interval 25000] [--ping-timeout 20000]
//
// - `echo` acknowledges with exactly the arguments it received;
// - `broadcast` re-emits its arguments to every client as `broadcast` (io.emit).
// Defaults otherwise (no perMessageDeflate, no HTTP compression for small bodies), as a user would run it.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const options = { host: "127.0.0.1", port: 0, "ping-interval": 25000, "ping-timeout": 20000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i].replace(/^--/, "");
  if (!(name in options)) throw new Error(`unknown option ${argv[i]}`);
  options[name] = name === "host" ? argv[i + 1] : Number(argv[i + 1]);
}

const server = http.createServer();
const io = new Server(server, {
  pingInterval: options["ping-interval"],
  pingTimeout: options["ping-timeout"],
  serveClient: false,
});
io.on("connection", (socket) => {
  socket.on("echo", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (ack) ack(...args);
  });
  socket.on("broadcast", (...args) => io.emit("broadcast", ...args));
});
server.listen(options.port, options.host, () => {
  const version = require("socket.io/package.json").version;
  console.log(`socket.io ${version} benchmark peer on :${server.address().port}`);
});
