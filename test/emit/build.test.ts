/**
 * Builds clean: the emitted C of every model compiles with the host gcc under
 * `-std=c99 -Wall -Wextra -Werror -pedantic -Wconversion` (with and without runtime checks), with
 * arm-none-eabi-gcc for cortex-m4, links for the target with the linker fragment (each domain's
 * object aligned to its MPU region), links two devices into one image, and cppcheck's MISRA addon
 * reports only rules listed with their reason in docs/misra.md.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCModel } from "../../src/emit/c/index.js";
import { storageType } from "../../src/emit/c/names.js";
import { handModels, realModels, ROOT, type NamedProgram } from "./models.js";
import { ARM_FLAGS, cFiles, cleanup, compile, have, HOST_FLAGS, writeEmitted } from "./toolchain.js";

let models: NamedProgram[] = [];
const dirs = new Map<string, string>();

beforeAll(async () => {
  const real = await realModels();
  models = [...real.models, ...handModels()];
  for (const m of models) dirs.set(m.name, writeEmitted(m.program));
});

afterAll(() => {
  for (const d of dirs.values()) cleanup(d);
});

describe.skipIf(!have("gcc"))("host gcc, strict warnings", () => {
  it("compiles every model without a warning, with and without runtime checks", () => {
    expect(models.length).toBeGreaterThan(0);
    for (const m of models) {
      const dir = dirs.get(m.name)!;
      const P = buildCModel(m.program).PREFIX;
      for (const extra of [[], [`-D${P}_RUNTIME_CHECKS`]]) {
        const r = compile("gcc", [...HOST_FLAGS, ...extra, "-c"], dir, cFiles(dir, false), []);
        expect(r.output, `${m.name} ${extra.join(" ")}`).toBe("");
        expect(r.ok).toBe(true);
      }
    }
  });

  it("links two devices into one image (every external name is prefixed)", () => {
    const a = models[0];
    const b = models.find((m) => a && buildCModel(m.program).prefix !== buildCModel(a.program).prefix);
    expect(a && b).toBeTruthy();
    const objs: string[] = [];
    for (const m of [a!, b!]) {
      const dir = dirs.get(m.name)!;
      const r = compile("gcc", [...HOST_FLAGS, "-c"], dir, cFiles(dir, false), []);
      expect(r.ok, r.output).toBe(true);
      objs.push(...cFiles(dir, false).map((f) => join(dir, f.replace(/\.c$/, ".o"))));
    }
    const out = join(dirs.get(a!.name)!, "both.o");
    const r = spawnSync("gcc", ["-r", "-nostdlib", ...objs, "-o", out], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toBe("");
    expect(r.status).toBe(0);
    // every defined external symbol carries its device's prefix
    const nm = spawnSync("nm", ["-g", "--defined-only", out], { encoding: "utf8" });
    const prefixes = [a!, b!].map((m) => buildCModel(m.program).prefix + "_");
    const names = nm.stdout.split("\n").filter(Boolean).map((l) => l.split(" ").pop()!);
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(prefixes.some((p) => n.startsWith(p)), n).toBe(true);
  });
});

const armSkip = !have("arm-none-eabi-gcc", "the cortex-m4 builds");

describe.skipIf(armSkip)("arm-none-eabi-gcc, cortex-m4", () => {
  it("compiles every model without a warning", () => {
    for (const m of models) {
      const dir = dirs.get(m.name)!;
      const r = compile("arm-none-eabi-gcc", [...ARM_FLAGS, "-Os", "-c"], dir, cFiles(dir, false), []);
      expect(r.output, m.name).toBe("");
      expect(r.ok).toBe(true);
    }
  });

  it("links with the linker fragment: each domain's memory is aligned to its MPU region", () => {
    for (const m of models) {
      const dir = dirs.get(m.name)!;
      const cm = buildCModel(m.program);
      const p = cm.prefix;
      // minimal HAL and entry point, only to link
      const hal: string[] = [`#include "${p}_hal.h"`];
      for (const g of cm.inputs) {
        hal.push(
          g.type.kind === "array"
            ? `void ${p}_hal_read_${g.c}(${storageType(g.type.elem)} value[${g.type.length}]) { (void)value; }`
            : `${storageType(g.type)} ${p}_hal_read_${g.c}(void) { return 0; }`,
        );
      }
      for (const g of cm.outputs) {
        hal.push(
          g.type.kind === "array"
            ? `void ${p}_hal_write_${g.c}(const ${storageType(g.type.elem)} value[${g.type.length}]) { (void)value; }`
            : `void ${p}_hal_write_${g.c}(${storageType(g.type)} value) { (void)value; }`,
        );
      }
      for (const l of cm.irqs) hal.push(`void ${p}_hal_ack_${l.c}(void) { }`);
      hal.push(
        `void ${p}_hal_critical_enter(void) { }`,
        `void ${p}_hal_critical_exit(void) { }`,
        `void ${p}_hal_deadline_miss(uint32_t task) { (void)task; }`,
        // -nostdlib: the firmware's C library normally provides these; gcc may call them for struct copies.
        `void *memmove(void *d, const void *s, unsigned int n) { unsigned char *a = d; const unsigned char *b = s; if (a < b) { for (unsigned int i = 0; i < n; i++) a[i] = b[i]; } else { while (n--) a[n] = b[n]; } return d; }`,
        `void *memcpy(void *d, const void *s, unsigned int n) { return memmove(d, s, n); }`,
        `void *memset(void *d, int c, unsigned int n) { unsigned char *a = d; for (unsigned int i = 0; i < n; i++) a[i] = (unsigned char)c; return d; }`,
        `void Reset_Handler(void) { ${p}_init(); ${p}_mpu_init(); for (;;) { ${p}_tick(); ${p}_dispatch(); } }`,
      );
      const ldir = join(dir, "link");
      mkdirSync(ldir, { recursive: true });
      writeFileSync(join(ldir, "hal_stub.c"), hal.join("\n") + "\n");
      writeFileSync(
        join(ldir, "link.ld"),
        `MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 256K\n RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 64K }\nENTRY(Reset_Handler)\nSECTIONS {\n .text : { *(.text*) *(.rodata*) } > FLASH\n INCLUDE ${p}_domains.ld\n .data : { *(.data*) } > RAM AT > FLASH\n .bss : { *(.bss*) *(COMMON) } > RAM\n}\n`,
      );
      const elf = join(ldir, "image.elf");
      const r = compile(
        "arm-none-eabi-gcc",
        [...ARM_FLAGS, "-Os", "-nostdlib", "-nostartfiles", "-T", join(ldir, "link.ld"), `-L${dir}`, `-I${dir}`],
        dir,
        [...cFiles(dir, false), join("link", "hal_stub.c")],
        ["-o", elf, "-lgcc"],
      );
      expect(r.output, m.name).toBe("");
      expect(r.ok).toBe(true);
      const nm = spawnSync("arm-none-eabi-nm", [elf], { encoding: "utf8" });
      for (const reg of cm.regions) {
        const line = nm.stdout.split("\n").find((l) => l.endsWith(` ${p}_${reg.c}_mem`));
        expect(line, `${m.name}: ${p}_${reg.c}_mem`).toBeDefined();
        const addr = parseInt(line!.split(" ")[0]!, 16);
        expect(addr % reg.regionSize, `${p}_${reg.c}_mem at 0x${addr.toString(16)}`).toBe(0);
        expect(addr).toBeGreaterThanOrEqual(0x20000000);
      }
    }
  });
});


const cppSkip = !have("cppcheck", "the MISRA check");

describe.skipIf(cppSkip)("cppcheck --addon=misra", () => {
  it("reports only the rules that docs/misra.md lists with a reason", async () => {
    const doc = readFileSync(join(ROOT, "docs", "misra.md"), "utf8");
    const documented = new Set([...doc.matchAll(/misra-c2012-(\d+\.\d+)/g)].map((x) => x[1]!));
    const seen = new Set<string>();
    // one cppcheck per model, two at a time (the machine has two cores)
    const queue = [...models];
    const worker = async (): Promise<void> => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        const dir = dirs.get(m.name)!;
        const out = await new Promise<string>((resolve) => {
          execFile(
            "cppcheck",
            ["--addon=misra", "--std=c99", "--quiet", "--error-exitcode=0", "--suppress=missingIncludeSystem", ...cFiles(dir, false)],
            { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26 },
            (_err, stdout, stderr) => resolve(`${stdout}${stderr}`),
          );
        });
        for (const hit of out.matchAll(/\[misra-c2012-(\d+\.\d+)\]/g)) seen.add(hit[1]!);
        // nothing but MISRA findings (no cppcheck error)
        const other = [...out.matchAll(/\[([A-Za-z][A-Za-z0-9_-]*)\]\s*$/gm)].map((x) => x[1]!).filter((id) => !id.startsWith("misra-c2012-"));
        expect(other, m.name).toEqual([]);
      }
    };
    await Promise.all([worker(), worker()]);
    const undocumented = [...seen].filter((rule) => !documented.has(rule));
    expect(undocumented).toEqual([]);
  }, 120_000);
});
