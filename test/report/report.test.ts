// vigil report on the four reference models: the report model against golden files (the data
// behind the HTML, with run-dependent fields — times, engine names, evidence details — removed),
// every property mentioned, the SBOM valid CycloneDX 1.6, and a falsified model's waveform.
// UPDATE_GOLDEN=1 rewrites the golden files.
// Then the HTML opened in headless Chromium (Debian package chromium, driven by playwright-core):
// no console error, no request leaves the file, the architecture SVG has a node per domain and task
// and an edge per flow, and a screenshot per reference model is written under test-output/report/
// for a person to look at. Those skip, saying so, when chromium is not installed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { Ajv } from "ajv";
import { makeReport, type ReportModel } from "../../src/report/index.js";
import { loadModel } from "../../src/parse/index.js";

const REFERENCE = [
  ["vvi", "models/vvi-pacemaker/vvi.vgl"],
  ["ddd", "models/ddd-pacemaker/ddd.vgl"],
  ["icd", "models/icd/icd.vgl"],
  ["pca", "models/pca-pump/pca.vgl"],
] as const;

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (!CHROMIUM) console.warn("browser tests skipped: chromium is not installed (Debian package chromium)");
const OUT = resolve("test-output/report");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const SCHEMA_DIR = "node_modules/@cyclonedx/cyclonedx-library/res/schema";

type Made = { model: ReportModel; files: ReadonlyMap<string, string>; exitCode: number };
const made = new Map<string, Made>();

/** The stable part of a report model (verdict statuses stay; times and engine details go). */
function normalize(m: ReportModel): unknown {
  return JSON.parse(
    JSON.stringify(m, (k, v: unknown) => (["timeMs", "engine", "detail", "vigilVersion", "utilization"].includes(k) ? undefined : v)),
  );
}

beforeAll(async () => {
  for (const [name, path] of REFERENCE) {
    // A generous budget: the goldens say every obligation is proved, and the proofs must not end
    // unknown because the machine is busy (the suite runs files side by side on two cores).
    const r = await makeReport(path, { format: "html", outName: `${name}.html`, vigilVersion: "test", verify: { timeoutMs: 150_000 } });
    if (r.kind !== "report") throw new Error(`${path}: ${r.kind}`);
    made.set(name, r);
  }
}, 900_000);

describe("vigil report on the reference models", () => {
  for (const [name, path] of REFERENCE) {
    it(`${name}: report model matches its golden file`, () => {
      const m = made.get(name)!;
      const golden = join("test/report/golden", `${name}.json`);
      const text = JSON.stringify(normalize(m.model), null, 2) + "\n";
      if (UPDATE) writeFileSync(golden, text);
      expect(existsSync(golden), `${golden} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
      expect(text).toBe(readFileSync(golden, "utf8"));
    });

    it(`${name}: every property has a traceability row and appears in the HTML`, () => {
      const m = made.get(name)!;
      const prog = loadModel(path).model!;
      const html = m.files.get(`${name}.html`)!;
      const props = prog.decls.flatMap((d) => (d.kind === "Property" ? [d.name.name] : []));
      expect(props.length).toBeGreaterThan(3);
      for (const p of props) {
        expect(m.model.traceability.filter((r) => r.property === p)).toHaveLength(1);
        expect(html).toContain(`id="prop-${p}"`);
      }
      // every obligation of the run is traced exactly once
      const traced = m.model.traceability.flatMap((r) => r.obligations.map((o) => o.name));
      expect(new Set(traced).size).toBe(traced.length);
      expect(traced.length).toBe(m.model.summary.total);
      expect(m.exitCode).toBe(0);
    });

    it(`${name}: self-contained HTML (no script, no external reference)`, () => {
      const html = made.get(name)!.files.get(`${name}.html`)!;
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\((?!#)/i);
    });

    it(`${name}: the SBOM is valid CycloneDX 1.6 and hashes every emitted file`, () => {
      const m = made.get(name)!;
      const sbom = JSON.parse(m.files.get(`${name}.cdx.json`)!) as { bomFormat: string; specVersion: string; components: { name: string; type: string; hashes?: { alg: string; content: string }[] }[] };
      const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
      for (const f of ["spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json"]) {
        const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, f), "utf8")) as Record<string, unknown>;
        delete schema.$id;
        ajv.addSchema(schema, `http://cyclonedx.org/schema/${f}`);
      }
      const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, "bom-1.6.SNAPSHOT.schema.json"), "utf8")));
      expect(validate(sbom), JSON.stringify(validate.errors)).toBe(true);
      expect(sbom.bomFormat).toBe("CycloneDX");
      expect(sbom.specVersion).toBe("1.6");
      const files = sbom.components.filter((c) => c.type === "file");
      expect(files.map((f) => f.name)).toEqual(expect.arrayContaining([expect.stringMatching(/\.c$/), expect.stringMatching(/\.h$/)]));
      for (const f of files) expect(f.hashes?.[0]?.content).toMatch(/^[0-9a-f]{64}$/);
      expect(sbom.components.some((c) => c.name === "z3-solver")).toBe(true);
    });
  }

  it("a falsified model: exit 1, its counterexample drawn as a waveform", async () => {
    const r = await makeReport("test/models/vvi-pacemaker/bugs/wrong-vrp.vgl", { format: "html", outName: "bug.html", vigilVersion: "test", verify: { properties: ["refractory"] } });
    expect(r.kind).toBe("report");
    if (r.kind !== "report") return;
    expect(r.exitCode).toBe(1);
    expect(r.model.counterexamples.map((c) => c.obligation)).toEqual(["refractory"]);
    const html = r.files.get("bug.html")!;
    expect(html).toContain("counterexample waveform");
    expect(html).toMatch(/class="wave"/);
  }, 120_000);

  it("Markdown: the same sections, drawings as SVG files beside it", async () => {
    const r = await makeReport("models/vvi-pacemaker/vvi.vgl", { format: "md", outName: "vvi.md", vigilVersion: "test" });
    expect(r.kind).toBe("report");
    if (r.kind !== "report") return;
    const md = r.files.get("vvi.md")!;
    for (const h of ["## 1. Device", "## 2. Traceability", "## 3. Security architecture", "## 4. Timing", "## 5. Counterexamples", "## 6. Software bill of materials"]) expect(md).toContain(h);
    expect([...r.files.keys()].sort()).toEqual(["vvi-architecture.svg", "vvi-critical-instant.svg", "vvi-schedule.svg", "vvi-timing.svg", "vvi.cdx.json", "vvi.md"]);
    expect(md).toContain("![architecture](vvi-architecture.svg)");
    for (const [n, c] of r.files) if (n.endsWith(".svg")) expect(c).toMatch(/^<!-- generated by vigil report -->\n<svg xmlns/);
  }, 120_000);
});

describe.skipIf(!CHROMIUM)("report in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    for (const [name, m] of made) for (const [f, c] of m.files) writeFileSync(join(OUT, f), c);
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name] of REFERENCE) {
    it(`${name}: renders offline, draws every zone, task and flow, and is screenshotted`, async () => {
      const m = made.get(name)!.model;
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(`file://${join(OUT, `${name}.html`)}`);
      await page.waitForLoadState("load");
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://") && !u.startsWith("data:"))).toEqual([]);
      expect(requests).toHaveLength(1); // the page itself, nothing else
      const arch = page.locator("#architecture ~ .svgbox svg").first();
      expect(await arch.locator("g.zone").count()).toBe(m.domains.length);
      for (const d of m.domains) expect(await arch.locator(`g.zone[data-domain="${d.name}"]`).count()).toBe(1);
      expect(await arch.locator('g.node[data-kind="task"]').count()).toBe(m.tasks.length);
      for (const t of m.tasks) expect(await arch.locator(`g.node[data-id="t:${t.name}"]`).count()).toBe(1);
      expect(await arch.locator("path.edge").count()).toBe(m.architecture.edges.length);
      expect(await arch.locator("path.edge.endorse").count()).toBe(m.architecture.edges.filter((e) => e.kind === "endorse").length);
      // every node lies inside its zone's box
      const inside = (await page.evaluate(`(() => {
        const zone = (d) => document.querySelector('g.zone[data-domain="' + d + '"] rect').getBBox();
        const within = (n, z) => z.x <= n.x && z.y <= n.y && z.x + z.width >= n.x + n.width && z.y + z.height >= n.y + n.height;
        return [...document.querySelectorAll("g.node")].filter((n) => !within(n.querySelector("rect").getBBox(), zone(n.dataset.zone))).map((n) => n.dataset.id);
      })()`)) as string[];
      expect(inside).toEqual([]);
      expect(await page.locator('a[href$=".cdx.json"]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      expect(existsSync(join(OUT, `${name}.png`))).toBe(true);
      await page.close();
    }, 60_000);
  }
});
