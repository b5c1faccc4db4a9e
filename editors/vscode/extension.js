// The vigil extension's client: starts `vigil lsp --stdio` for .vgl files and restarts it on demand.
// Input: the settings vigil.server.command / vigil.server.args / vigil.proveOnSave / vigil.proofTimeout.
// Output: a running language client (diagnostics, hover, navigation, formatting, completion and the
// proof code lenses all come from the server) and a status-bar item with the last proof run of the
// server's vigil/proofStatus notification. Plain CommonJS: no build step before packaging.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.StatusBarItem | undefined} */
let status;

/** The server's `vigil/proofStatus` notification, shown in the status bar. */
function showProofStatus(p) {
  if (!status) return;
  const name = vscode.Uri.parse(p.uri).path.split("/").pop();
  const text =
    p.status === "running" ? `$(sync~spin) vigil: proving ${name}`
    : p.status === "done" ? `$(${/ 0 falsified, 0 unknown/.test(p.summary) ? "pass" : "warning"}) vigil: ${p.summary}`
    : p.status === "model-error" ? `$(error) vigil: ${name} has errors`
    : `$(warning) vigil: proof ${p.status}`;
  status.text = text;
  status.tooltip = `${name}: ${p.summary ?? p.status}`;
  status.show();
}

function makeClient() {
  const cfg = vscode.workspace.getConfiguration("vigil");
  const command = cfg.get("server.command", "vigil");
  const args = [...cfg.get("server.args", []), "lsp", "--stdio"];
  // No `transport` field: the client then talks over stdio without appending a second --stdio.
  const serverOptions = { command, args };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "vigil" }, { scheme: "untitled", language: "vigil" }],
    initializationOptions: {
      proveOnSave: cfg.get("proveOnSave", true),
      proofTimeoutMs: Math.round(cfg.get("proofTimeout", 30) * 1000),
    },
  };
  return new LanguageClient("vigil", "vigil", serverOptions, clientOptions);
}

async function start() {
  client = makeClient();
  await client.start();
  client.onNotification("vigil/proofStatus", showProofStatus);
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left);
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand("vigil.restartServer", async () => {
      if (client) await client.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("vigil") && client) {
        await client.stop();
        await start();
      }
    }),
  );
  await start();
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate };
