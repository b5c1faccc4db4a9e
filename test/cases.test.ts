// Golden cases (format: test/cases/README.md): every test/cases/<phase>/NAME.vgl runs through the CLI
// in-process with its folder as the working directory, and its exit code and output must equal
// NAME.expected. UPDATE_GOLDEN=1 rewrites the expected files instead.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../src/cli/main.js";
import { captureIo } from "../src/cli/io.js";

const CASES = join(dirname(fileURLToPath(import.meta.url)), "cases");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

export interface GoldenCase {
  readonly phase: string;
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  readonly args: string[];
  readonly expectedPath: string;
}

/** Split an args line on whitespace, honouring double quotes. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2]!);
  return out;
}

export function listCases(root = CASES): GoldenCase[] {
  const out: GoldenCase[] = [];
  if (!existsSync(root)) return out;
  for (const phase of readdirSync(root).sort()) {
    const dir = join(root, phase);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith(".vgl")) continue;
      const text = readFileSync(join(dir, f), "utf8");
      const first = text.split("\n", 1)[0] ?? "";
      if (/^\/\/\s*helper\b/.test(first)) continue;
      const m = /^\/\/\s*args:(.*)$/.exec(first);
      const args = m ? splitArgs(m[1]!.trim()) : ["check"];
      const name = f.slice(0, -4);
      out.push({ phase, name, dir, file: f, args, expectedPath: join(dir, `${name}.expected`) });
    }
  }
  return out;
}

export async function runCase(c: GoldenCase): Promise<string> {
  const io = captureIo();
  const cwd = process.cwd();
  process.chdir(c.dir);
  let code: number;
  try {
    code = await run(["node", "vigil", ...c.args, c.file], io);
  } finally {
    process.chdir(cwd);
  }
  return `exit: ${code}\n${io.stdout()}${io.stderr()}`;
}

const cases = listCases();

describe("golden cases", () => {
  it("there are cases", () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(`${c.phase}/${c.name}`, async () => {
      const actual = await runCase(c);
      if (UPDATE) {
        writeFileSync(c.expectedPath, actual);
        return;
      }
      expect(existsSync(c.expectedPath), `${c.expectedPath} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(actual).toBe(readFileSync(c.expectedPath, "utf8"));
    });
  }
});
