#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`, run by `npm ci`).
import("../dist/cli/main.js").then((m) => m.main(process.argv)).catch((err) => {
  process.stderr.write(`vigil: internal error: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
