/*
 * The editor's local backend under `peerhub edit`: decap-server's file-system mode
 * (it reads and writes the files on disk), listening on 127.0.0.1 only, and answering
 * only the editor's own page.
 *
 * decap-server allows every origin (CORS *), so any web page open in the same browser
 * could otherwise write into the project while it runs. Here a request is refused unless
 * its Origin is the preview's address and its Host is this server's. It exits when
 * `peerhub edit` does: its stdin is a pipe from peerhub, closed when peerhub stops.
 *
 * Environment (set by generator/editor/local.py): PORT, GIT_REPO_DIRECTORY (the project),
 * PEERHUB_ORIGINS (allowed origins, space separated), NODE_PATH (the editor's node_modules).
 */
"use strict";

const express = require("express");
const { registerLocalFs } = require("decap-server/dist/middlewares");

const port = Number(process.env.PORT);
const origins = (process.env.PEERHUB_ORIGINS || "").split(" ").filter(Boolean);
const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];

const app = express();
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (!hosts.includes(req.headers.host) || (origin !== undefined && !origins.includes(origin)) ||
      (origin === undefined && req.method !== "GET")) {
    res.status(403).json({ error: "Only the hub's editor on this computer may use this server." });
    return;
  }
  next();
});

registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" }).then(() => {
  const server = app.listen(port, "127.0.0.1", () => {
    process.stdout.write(`peerhub local backend listening on 127.0.0.1:${port}\n`);
  });
  const stop = () => {
    server.close();
    process.exit(0);
  };
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
});
