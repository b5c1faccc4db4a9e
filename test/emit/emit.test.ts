/**
 * Static properties of the emitted C: purity, file set and names, the model hash in every header,
 * a `/* file.vgl:N *\/` trace on every statement, constant loop bounds, no dynamic memory, the
 * compute types chosen for wide ranges, and the MPU layout (region sizes are powers of two that hold
 * the domain's memory, which the host compiler confirms with sizeof).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCModel, emitC } from "../../src/emit/c/index.js";
import { computeType, mpuRegionSize, storageType, structLayout, typeLayout } from "../../src/emit/c/names.js";
import { edgeProgram, mixedProgram, vviProgram } from "./fixtures/hand-ir.js";
import { cleanup, have, writeEmitted } from "./toolchain.js";

const programs = [vviProgram(), mixedProgram(), edgeProgram()];

describe("emitC", () => {
  it("is pure: the same program gives the same files", () => {
    for (const p of programs) expect(emitC(p)).toEqual(emitC(p));
  });

  it("emits the device, HAL, scheduler, MPU, linker fragment and README, prefixed with the device name", () => {
    const names = emitC(mixedProgram()).map((f) => f.name);
    expect(names).toEqual(["mixed_dev.h", "mixed_dev.c", "mixed_dev_hal.h", "mixed_dev_sched.c", "mixed_dev_mpu.c", "mixed_dev_domains.ld", "README.md"]);
    expect(emitC(mixedProgram(), { harness: true }).map((f) => f.name)).toContain("mixed_dev_harness.c");
  });

  it("names the model's sha256 in every file", () => {
    for (const p of programs) {
      for (const f of emitC(p)) expect(f.content, f.name).toContain(p.device.sourceHash);
    }
  });

  it("traces every statement of a step function to the model", () => {
    for (const p of programs) {
      const c = emitC(p).find((f) => f.name === `${buildCModel(p).prefix}.c`)!.content;
      let inStep = false;
      let checked = 0;
      for (const line of c.split("\n")) {
        if (/_step\(/.test(line)) inStep = true;
        else if (line === "}") inStep = false;
        else if (inStep && /[;{]( \/\*.*\*\/)?$/.test(line) && line !== "{" && !/^\s*\} else \{$/.test(line)) {
          if (/^\s+u?int\d+_t [a-z]+_\d+(\[\d+\])?;$/.test(line) || /^\s+\(void\)(in|out);$/.test(line)) continue; // emitter temporaries
          expect(line, "statement without a trace").toMatch(/\/\* [\w.-]+\.vgl:\d+ \*\/$/);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(3);
    }
  });

  it("has no dynamic memory, no goto, and only loops bounded by a constant", () => {
    for (const p of programs) {
      for (const f of emitC(p)) {
        if (!f.name.endsWith(".c") && !f.name.endsWith(".h")) continue;
        expect(f.content).not.toMatch(/\b(malloc|calloc|realloc|free|alloca|goto)\b/);
        // the only `while` is the `do { } while (false)` of the ASSERT macro
        expect(f.content.replace(/\} while \(false\)/g, "")).not.toMatch(/\bwhile\b/);
        for (const line of f.content.split("\n").filter((l) => /\bfor \(/.test(l))) {
          expect(line).toMatch(/for \((\w+) = 0U; \1 < (\d+U|[A-Z_]+_NUM_(TASKS|DOMAINS)|UINT64_C\(\d+\)); \1\+\+\)/);
        }
      }
    }
  });

  it("uses static for every internal function and prefixes every external one", () => {
    for (const p of programs) {
      const prefix = buildCModel(p).prefix;
      for (const f of emitC(p)) {
        if (!f.name.endsWith(".c")) continue;
        for (const line of f.content.split("\n")) {
          const m = /^(?:static\s+)?(?:const\s+)?[a-z_0-9]+\s+\*?([a-z_A-Z0-9]+)\(/.exec(line);
          if (!m) continue;
          if (!line.startsWith("static")) expect(m[1]!.startsWith(`${prefix}_`), line).toBe(true);
        }
      }
    }
  });

  it("computes each expression in a type wide enough for its inferred range", () => {
    expect(computeType(-2147483648, 2147483647)).toBe("int32_t");
    expect(computeType(0, 2147483648)).toBe("int64_t");
    expect(storageType({ kind: "int", lo: 0, hi: 4294967295, unit: "none" })).toBe("uint32_t");
    expect(storageType({ kind: "int", lo: -1, hi: 255, unit: "none" })).toBe("int16_t");
    const c = emitC(edgeProgram()).find((f) => f.name === "edge.c")!.content;
    // INT32_MIN / -1 and INT32_MIN % -1 are computed in 64 bits
    expect(c).toContain("out->q = (((int64_t)in->a) / ((int64_t)in->b));");
    expect(c).toContain("(((int64_t)in->a) % ((int64_t)in->b))");
    expect(c).toContain("(-((int64_t)in->a))");
  });

  it("sizes one MPU region per domain: a power of two >= 32 holding the domain's memory", () => {
    expect(mpuRegionSize(1)).toBe(32);
    expect(mpuRegionSize(33)).toBe(64);
    expect(structLayout([typeLayout({ kind: "bool" }), typeLayout({ kind: "int", lo: 0, hi: 1e10, unit: "none" })])).toEqual({ size: 16, align: 8 });
    for (const p of programs) {
      const m = buildCModel(p);
      expect(m.regions.length).toBe(p.domains.length);
      for (const r of m.regions) {
        expect(r.regionSize & (r.regionSize - 1)).toBe(0);
        expect(r.regionSize).toBeGreaterThanOrEqual(Math.max(32, r.bytes));
      }
    }
  });
});

describe.skipIf(!have("gcc"))("degenerate models", () => {
  it("a model without tasks (with or without unused arrays) still builds clean", () => {
    const p = { ...edgeProgram(), device: { ...edgeProgram().device, name: "Empty" }, inputs: [], outputs: [], state: [], tasks: [], irqs: [], assumptions: [] };
    const arr = { kind: "array" as const, elem: { kind: "int" as const, lo: -5, hi: 5, unit: "none" as const }, length: 3 };
    const unused = { ...p, device: { ...p.device, name: "Unused" }, inputs: [{ name: "a", role: "input" as const, type: arr, domain: "only", span: p.device.span }], state: [{ name: "s", role: "state" as const, type: arr, domain: "only", init: [1, 2, 3], span: p.device.span }] };
    const dir2 = writeEmitted(unused, true);
    try {
      const r = spawnSync("gcc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wconversion", "-c", "unused.c", "unused_sched.c", "unused_mpu.c", "unused_harness.c"], { cwd: dir2, encoding: "utf8" });
      expect(`${r.stdout}${r.stderr}`).toBe("");
    } finally {
      cleanup(dir2);
    }
    const dir = writeEmitted(p, true);
    try {
      const r = spawnSync("gcc", ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wconversion", "-DEMPTY_RUNTIME_CHECKS", "-c", "empty.c", "empty_sched.c", "empty_mpu.c", "empty_harness.c"], { cwd: dir, encoding: "utf8" });
      expect(`${r.stdout}${r.stderr}`).toBe("");
      expect(r.status).toBe(0);
    } finally {
      cleanup(dir);
    }
  });
});

describe.skipIf(!have("gcc"))("the layout model agrees with the compiler", () => {
  it("sizeof(each domain's memory) equals the computed size", () => {
    for (const p of programs) {
      const m = buildCModel(p);
      const dir = writeEmitted(p);
      try {
        const src = [`#include <stdio.h>`, `#include "${m.prefix}.h"`, `int main(void) {`];
        for (const r of m.regions) src.push(`    printf("%u\\n", (unsigned)sizeof(${m.prefix}_${r.c}_mem_t));`);
        src.push(`    return 0;`, `}`);
        writeFileSync(join(dir, "sizes.c"), src.join("\n"));
        const cc = spawnSync("gcc", ["-std=c99", join(dir, "sizes.c"), "-o", join(dir, "sizes")], { encoding: "utf8" });
        expect(cc.status, cc.stderr).toBe(0);
        const out = spawnSync(join(dir, "sizes"), [], { encoding: "utf8" }).stdout.trim().split("\n").map(Number);
        expect(out).toEqual(m.regions.map((r) => r.bytes));
      } finally {
        cleanup(dir);
      }
    }
  });
});
