/**
 * `<device>.h` and `<device>.c`: types, structs (inputs, outputs, one state struct per domain,
 * each task's input snapshot and working copy), one step function per task, and the input check.
 *
 * Input: a CModel. Output: the two files' text.
 * Invariants: a step function reads only its `in` snapshot and its `out` working copy (which the
 * scheduler initialises from the visible state at release), so it runs unchanged whenever the
 * scheduler lets it run before its deadline; it has no other side effect. Every external name
 * starts with the device prefix.
 */
import type { IrExpr, IrScope, IrType } from "../../ir/ir.js";
import { genExpr, genStmts, helperDefs, type GenCtx, type StmtEnv } from "./expr.js";
import type { CGlobal, CModel, CTask } from "./model.js";
import { fileHeader } from "./model.js";
import { declare, enumMacro, localName, rangeOf, scalarOf, storageLit, storageType, trace, traceText } from "./names.js";

function structDef(name: string, members: readonly CGlobal[], comment: string): string[] {
  const lines = [`/* ${comment} */`, `typedef struct {`];
  if (members.length === 0) lines.push(`    uint8_t unused_; /* C99 forbids empty structs */`);
  for (const g of members) lines.push(`    ${declare(g.type, g.c)};`);
  lines.push(`} ${name};`, ``);
  return lines;
}

export function emitHeader(m: CModel, version: string): string {
  const { prefix: p, PREFIX: P, program } = m;
  const guard = `${P}_H`;
  const out: string[] = [fileHeader(m, `${p}.h`, "types, state and entry points of the generated device code", version)];
  out.push(`#ifndef ${guard}`, `#define ${guard}`, ``, `#include <stdbool.h>`, `#include <stdint.h>`, ``);
  out.push(`/* Logical tick: ${program.device.tickUs} us; target ${program.device.target} at ${program.device.clockHz} Hz. */`);
  out.push(`#define ${P}_TICK_US ${program.device.tickUs}U`);
  out.push(`#define ${P}_NUM_TASKS ${m.tasks.length}U`, `#define ${P}_NUM_DOMAINS ${m.regions.length}U`, ``);
  for (const e of program.enums) {
    out.push(`/* enum ${e.name} (${traceText(e.span)}) */`);
    e.members.forEach((mem, i) => out.push(`#define ${enumMacro(P, e.name, mem)} ${i}U`));
    out.push(``);
  }
  for (const t of m.tasks) out.push(`#define ${P}_TASK_${t.c.toUpperCase()} ${t.index}U /* ${traceText(t.ir.span)} */`);
  for (const r of m.regions) out.push(`#define ${P}_DOMAIN_${r.c.toUpperCase()} ${r.index}U`);
  out.push(``);
  out.push(
    `/* Runtime checks: the IR's asserts, proved unreachable by \`vigil prove\`. Define ${P}_RUNTIME_CHECKS`,
    ` * (and provide ${p}_assert_failed) to check them at run time: a failing check ends the job. */`,
    `#ifdef ${P}_RUNTIME_CHECKS`,
    `void ${p}_assert_failed(const char *id);`,
    `#define ${P}_ASSERT(cond, id) do { if (!(cond)) { ${p}_assert_failed(id); return; } } while (false)`,
    `#else`,
    `#define ${P}_ASSERT(cond, id) ((void)0)`,
    `#endif`,
    ``,
  );
  out.push(...structDef(`${p}_inputs_t`, [...m.inputs, ...m.irqs], "inputs sampled at a tick (interrupt lines: fired since the previous tick)"));
  out.push(...structDef(`${p}_outputs_t`, m.outputs, "visible outputs"));
  for (const r of m.regions) {
    out.push(...structDef(`${p}_${r.c}_state_t`, r.state, `visible state of domain ${r.domain}`));
  }
  for (const t of m.tasks) {
    out.push(...structDef(`${p}_${t.c}_in_t`, t.ins, `task ${t.ir.name}: snapshot of what it reads, taken at its release`));
    out.push(...structDef(`${p}_${t.c}_out_t`, t.outs, `task ${t.ir.name}: working copy of what it writes, published at release + ${t.ir.publishDelayTicks} tick(s)`));
  }
  for (const r of m.regions) {
    out.push(`/* memory of domain ${r.domain} (${r.bytes} bytes, MPU region of ${r.regionSize} bytes) */`, `typedef struct {`);
    out.push(`    ${p}_${r.c}_state_t state;`);
    for (const t of r.tasks) out.push(`    ${p}_${t.c}_in_t ${t.c}_in;`, `    ${p}_${t.c}_out_t ${t.c}_out;`);
    out.push(`} ${p}_${r.c}_mem_t;`, ``);
  }
  out.push(`/* Visible state (defined in ${p}_sched.c; each domain in its own linker section). */`);
  for (const r of m.regions) out.push(`extern ${p}_${r.c}_mem_t ${p}_${r.c}_mem;`);
  out.push(`extern ${p}_inputs_t ${p}_inputs;`, `extern ${p}_outputs_t ${p}_outputs;`, ``);
  out.push(`/* One step function per task (${p}.c): runs one job on its snapshot and working copy. */`);
  for (const t of m.tasks) out.push(`void ${p}_${t.c}_step(const ${p}_${t.c}_in_t *in, ${p}_${t.c}_out_t *out);`);
  out.push(
    ``,
    `/* True when the inputs lie in their declared ranges and satisfy every assumption of the model. */`,
    `bool ${p}_inputs_ok(const ${p}_inputs_t *in);`,
    ``,
    `/* Scheduler (${p}_sched.c). */`,
    `void ${p}_init(void);`,
    `void ${p}_tick(void);`,
    `void ${p}_dispatch(void);`,
  );
  for (const l of m.irqs) out.push(`void ${p}_irq_${l.c}(void);`);
  out.push(
    ``,
    `/* MPU (${p}_mpu.c). */`,
    `void ${p}_mpu_init(void);`,
    `void ${p}_mpu_enter_domain(uint32_t domain);`,
    `void ${p}_mpu_leave_domain(void);`,
    ``,
    `#endif /* ${guard} */`,
    ``,
  );
  return out.join("\n");
}

function taskCtx(m: CModel, t: CTask | undefined, usedConsts: Set<string>): GenCtx {
  const outs = new Set(t?.outs.map((g) => g.name) ?? []);
  let counter = 0;
  return {
    PREFIX: m.PREFIX,
    helpers: new Set(),
    decls: [],
    fresh: (base) => `${base}_${counter++}`,
    resolve: (name: string, scope: IrScope) => {
      if (scope === "local") return localName(name);
      const g = m.globals.get(name);
      if (!g) {
        if (m.constArrays.has(name)) {
          usedConsts.add(name);
          return `k_${name}`;
        }
        throw new Error(`emit: unknown name ${name}`);
      }
      return outs.has(name) ? `out->${g.c}` : `in->${g.c}`;
    },
  };
}

function stepFunction(m: CModel, t: CTask, usedConsts: Set<string>, helpers: Set<string>): string[] {
  const ctx = taskCtx(m, t, usedConsts);
  const locals = new Map(t.ir.locals.map((l) => [l.name, l.type]));
  const env: StmtEnv = {
    typeOf: (name, scope): IrType => {
      if (scope === "local") {
        const ty = locals.get(name);
        if (!ty) throw new Error(`emit: unknown local ${name} in task ${t.ir.name}`);
        return ty;
      }
      const g = m.globals.get(name);
      if (!g) throw new Error(`emit: unknown global ${name}`);
      return g.type;
    },
  };
  const body = genStmts(ctx, env, t.ir.body, "    ");
  for (const h of ctx.helpers) helpers.add(h);
  const ir = t.ir;
  const when =
    ir.kind === "periodic"
      ? `every ${ir.periodTicks} tick(s), offset ${ir.offsetTicks}`
      : `on irq ${ir.irq}, at least ${ir.miatTicks} tick(s) apart`;
  const lines = [
    `/* task ${ir.name} (${traceText(ir.span)}): ${when}; domain ${ir.domain}; priority ${ir.priority}; writes published ${ir.publishDelayTicks} tick(s) after release */`,
    `void ${m.prefix}_${t.c}_step(const ${m.prefix}_${t.c}_in_t *in, ${m.prefix}_${t.c}_out_t *out)`,
    `{`,
  ];
  for (const l of ir.locals) {
    const init = l.type.kind === "array" ? "{0}" : storageLit(l.type.kind === "enum" || l.type.kind === "int" ? rangeOf(l.type).lo : 0, l.type);
    lines.push(`    ${declare(l.type, localName(l.name))} = ${init}; ${trace(l.span)}`);
  }
  for (const d of ctx.decls) lines.push(`    ${d}`);
  if (t.ins.length === 0) lines.push(`    (void)in;`);
  if (t.outs.length === 0) lines.push(`    (void)out;`);
  lines.push(...body, `}`, ``);
  return lines;
}

function rangeCheck(g: CGlobal, ref: string): string[] {
  const st = scalarOf(g.type);
  if (st.kind === "bool") return [];
  const { lo, hi } = rangeOf(st);
  const s = storageType(st);
  const full: Record<string, [number, number]> = {
    uint8_t: [0, 255],
    uint16_t: [0, 65535],
    uint32_t: [0, 4294967295],
    int8_t: [-128, 127],
    int16_t: [-32768, 32767],
    int32_t: [-2147483648, 2147483647],
  };
  const f = full[s];
  const conds: string[] = [];
  const ct = s === "uint32_t" || s === "int64_t" ? "int64_t" : "int32_t";
  const lit = (v: number) => (ct === "int64_t" ? `INT64_C(${v})` : v < 0 ? `(${v})` : `${v}`);
  if (!f || lo > f[0]) conds.push(`((${ct})${ref} >= ${lit(lo)})`);
  if (!f || hi < f[1]) conds.push(`((${ct})${ref} <= ${lit(hi)})`);
  return conds;
}

export function emitSource(m: CModel, version: string): string {
  const { prefix: p } = m;
  const usedConsts = new Set<string>();
  const helpers = new Set<string>();
  const steps: string[] = [];
  for (const t of m.tasks) steps.push(...stepFunction(m, t, usedConsts, helpers));

  // inputs_ok: ranges and assumptions
  const ictx = taskCtx(m, undefined, usedConsts);
  const checks: string[] = [];
  for (const g of [...m.inputs]) {
    if (g.type.kind === "array") {
      for (let i = 0; i < g.type.length; i++) {
        for (const c of rangeCheck(g, `in->${g.c}[${i}]`)) checks.push(`    ok = ok && ${c}; ${trace(m.program.inputs.find((x) => x.name === g.name)!.span)}`);
      }
    } else {
      for (const c of rangeCheck(g, `in->${g.c}`)) checks.push(`    ok = ok && ${c}; ${trace(m.program.inputs.find((x) => x.name === g.name)!.span)}`);
    }
  }
  for (const a of m.program.assumptions) {
    checks.push(`    ok = ok && ${genExpr(ictx, a.expr as IrExpr).code}; /* assume ${a.name} */ ${trace(a.span)}`);
  }
  for (const h of ictx.helpers) helpers.add(h);

  const out: string[] = [fileHeader(m, `${p}.c`, "one step function per task, and the input check", version)];
  out.push(`#include "${p}.h"`, ``);
  for (const name of [...usedConsts].sort()) {
    const k = m.constArrays.get(name)!;
    const el = k.type.kind === "array" ? k.type.elem : scalarOf(k.type);
    const decl = m.program.consts.find((c) => c.name === name)!;
    out.push(`static const ${storageType(el)} k_${name}[${k.value.length}] = { ${k.value.map((v) => storageLit(v, el)).join(", ")} }; ${trace(decl.span)}`);
  }
  if (usedConsts.size > 0) out.push(``);
  const hd = helperDefs(helpers);
  if (hd.length > 0) out.push(...hd, ``);
  out.push(...steps);
  out.push(`bool ${p}_inputs_ok(const ${p}_inputs_t *in)`, `{`, `    bool ok = true;`);
  if (checks.length === 0) out.push(`    (void)in;`);
  out.push(...checks, `    return ok;`, `}`, ``);
  return out.join("\n");
}
