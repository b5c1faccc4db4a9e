// The compiled solver layer (as in dist/) runs its .js worker without tsx, and the process exits.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
// Under node_modules so that compiled files resolve z3-solver the way dist/ does.
const out = join(root, "node_modules", ".vigil-solver-test-dist");

describe("compiled solver layer", () => {
  it("answers from compiled JavaScript with the .js worker and lets the process exit", () => {
    rmSync(out, { recursive: true, force: true });
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "--outDir", out, "--rootDir", join(root, "src"), "--module", "NodeNext", "--moduleResolution", "NodeNext",
      "--target", "ES2022", "--strict", "--skipLibCheck", "--types", "node", join(root, "src", "solver", "index.ts")], { cwd: root });
    const entry = join(out, "solver", "index.js");
    expect(existsSync(join(out, "solver", "z3-worker.js"))).toBe(true);
    const script = `import { createSolver } from ${JSON.stringify(entry)};
const s = createSolver({ workers: 1 });
const a = await s.check({ smtlib: "(declare-const x Int)(assert (= (+ x 1) 5))", timeoutMs: 5000, mode: "check", getModel: true });
console.log(JSON.stringify(a));`; // deliberately no close(): the idle worker must not keep the process alive
    const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, timeout: 30_000, encoding: "utf8" });
    const a = JSON.parse(stdout.trim()) as { status: string; model?: string };
    expect(a, stdout).toMatchObject({ status: "sat" });
    expect(a.model).toMatch(/define-fun x \(\) Int\s+4/);
    rmSync(out, { recursive: true, force: true });
  });
});
