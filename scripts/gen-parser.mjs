// Generates the ANTLR lexer/parser from grammar/Vigil.g4 into src/parse/generated/ with antlr-ng.
// The output folder is build output: never edited by hand, not committed (see .gitignore).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const grammar = join(root, "grammar", "Vigil.g4");
const out = join(root, "src", "parse", "generated");
const stamp = join(out, "VigilParser.ts");
if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(grammar).mtimeMs && !process.argv.includes("--force")) {
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const cli = join(root, "node_modules", "antlr-ng", "dist", "cli", "runner.js");
execFileSync(process.execPath, [cli, "-Dlanguage=TypeScript", "--generate-visitor", "--generate-listener=false", "-w", "-o", out, grammar], { stdio: "inherit" });
