/**
 * The compiled machine: an IrProgram turned into one JavaScript tick function (new Function).
 *
 * Input: an IrProgram. Output: a Machine (init/step/clone/visible) and the low-level Compiled form
 * used by simulate().
 * Invariants (docs/semantics.md, section 2): each call of `tick(m, I, t)` executes tick t in the
 * order publish, (sample: the caller has loaded I), observe (assumptions, invariants, leads_to
 * monitors), release (tasks in declaration order, each on a private working copy, its final writes
 * buffered for publication publishDelayTicks later), advance (scheduler counters). It returns -1 on
 * success, -2 when an assumption is broken (E.assume = its index, nothing released), or the index
 * of the failed assert (E.task = the task's index, E.value = the offending value for range checks).
 */
import type { IrExpr, IrProgram, IrValue } from "../ir/ir.js";
import { genExpr, genStmts, type AssertInfo, type NameEnv } from "./codegen.js";
import { computeLayout, defaultValue, initMonitors, loadValue, storeValue, type Layout } from "./layout.js";
import type {
  AssumptionViolation,
  Machine,
  MachineState,
  PropertyViolation,
  RuntimeError,
  StepOutcome,
  TickInputs,
  TickRow,
} from "./index.js";

export interface ErrBox {
  task: number;
  value: number;
  assume: number;
}

export interface Compiled {
  readonly program: IrProgram;
  readonly layout: Layout;
  readonly asserts: readonly AssertInfo[];
  /** Properties checked per tick: invariants and leads_to, by index used in VIOL callbacks. */
  readonly monitored: readonly { readonly name: string; readonly span: IrProgram["properties"][number]["span"] }[];
  readonly initMem: Float64Array;
  /** Bind a fresh tick function to an error box, a violation sink and a released-flags vector. */
  bind(
    E: ErrBox,
    viol: (prop: number, tick: number, trigger: number) => void,
    released: Uint8Array,
  ): {
    tick: (m: Float64Array, I: Float64Array, t: number) => number;
    load: (I: Float64Array, r: TickInputs) => void;
    state: (m: Float64Array) => Record<string, IrValue>;
    outputs: (m: Float64Array) => Record<string, IrValue>;
    assumptions: readonly ((I: Float64Array) => number)[];
  };
}

const cache = new WeakMap<IrProgram, Compiled>();

function ident(prefix: string, i: number): string {
  return `${prefix}${i}`;
}

function key(name: string): string {
  return JSON.stringify(name);
}

/** Code copying `size` numbers from src[srcBase..] to dst[dstBase..]: unrolled when short. */
function copyCode(dst: string, dstBase: number, srcArr: string, srcBase: number, size: number, ind: string): string {
  if (size <= 16) {
    let out = "";
    for (let i = 0; i < size; i++) out += `${ind}${dst}[${dstBase + i}] = ${srcArr}[${srcBase + i}];\n`;
    return out;
  }
  return `${ind}for (let i = 0; i < ${size}; i++) ${dst}[${dstBase} + i] = ${srcArr}[${srcBase} + i];\n`;
}

/** Compile a program (memoized per program object). */
export function compile(p: IrProgram): Compiled {
  const hit = cache.get(p);
  if (hit) return hit;
  const layout = computeLayout(p);
  const asserts: AssertInfo[] = [];
  let tmpCounter = 0;
  const fresh = (): string => ident("t", tmpCounter++);
  const noWorking = new Map<string, string>();
  const noLocals = new Map<string, { id: string; type: IrProgram["tasks"][number]["locals"][number]["type"] }>();
  const globalEnv: NameEnv = { visible: layout.visible, inputs: layout.inputs, working: noWorking, locals: noLocals };
  const g = (e: IrExpr): string => genExpr(e, globalEnv);

  let src = `"use strict";\n`;
  src += `const D = (a, b) => (b === 0 ? 0 : (a - a % b) / b + 0);\n`;
  src += `const R = (a, b) => (b === 0 ? 0 : a % b + 0);\n`;
  src += `const AEQ = (a, b) => { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return 0; return 1; };\n`;
  src += `const MISSING = (n) => { throw new Error("no value for input \`" + n + "\`"); };\n`;
  src += `const F = (d, s) => { for (let i = 0; i < d.length; i++) d[i] = s[i]; };\n`;

  // Tasks.
  p.tasks.forEach((t, ti) => {
    const ts = layout.tasks[ti]!;
    const working = new Map<string, string>();
    let pre = "";
    let post = "";
    let wi = 0;
    for (const [name, buf] of ts.buffers) {
      const vis = layout.visible.get(name)!;
      const id = ident("w", wi++);
      working.set(name, id);
      if (vis.isArray) {
        src += `const ${id}_${ti} = new Float64Array(${vis.size});\n`;
        pre += `  const ${id} = ${id}_${ti};\n${copyCode(id, 0, "m", vis.base, vis.size, "  ")}`;
        post += copyCode("m", buf.base, id, 0, vis.size, "  ");
      } else {
        pre += `  let ${id} = m[${vis.base}];\n`;
        post += `  m[${buf.base}] = ${id};\n`;
      }
    }
    const locals = new Map<string, { id: string; type: (typeof t.locals)[number]["type"] }>();
    t.locals.forEach((l, li) => {
      const id = ident("L", li);
      locals.set(l.name, { id, type: l.type });
      if (l.type.kind === "array") {
        src += `const ${id}_${ti} = new Float64Array(${l.type.length});\n`;
        pre += `  const ${id} = ${id}_${ti}; ${id}.fill(0);\n`;
      } else pre += `  let ${id} = 0;\n`;
    });
    const env: NameEnv = { visible: layout.visible, inputs: layout.inputs, working, locals };
    const body = genStmts(t.body, { env, task: t.name, asserts, fresh }, "  ");
    src += `// task ${t.name}\nfunction task${ti}(m, I) {\n${pre}${body}${post}  return -1;\n}\n`;
  });

  // Assumptions.
  src += `const ASSUME = [\n`;
  for (const a of p.assumptions) src += `  (I) => { const m = null; return ${g(a.expr)}; },\n`;
  src += `];\n`;

  // The tick function.
  let tick = `function tick(m, I, t) {\n`;
  // 1. publish
  p.tasks.forEach((_, ti) => {
    const ts = layout.tasks[ti]!;
    if (ts.buffers.size === 0) {
      tick += `  if (m[${ts.pend}] === 0) m[${ts.pend}] = -1;\n`;
      return;
    }
    tick += `  if (m[${ts.pend}] === 0) {\n`;
    for (const [name, buf] of ts.buffers) {
      const vis = layout.visible.get(name)!;
      tick +=
        buf.size === 1
          ? `    m[${vis.base}] = m[${buf.base}];\n`
          : `    m.copyWithin(${vis.base}, ${buf.base}, ${buf.base + buf.size});\n`;
    }
    tick += `    m[${ts.pend}] = -1;\n  }\n`;
  });
  // 3. observe
  p.assumptions.forEach((a, ai) => {
    tick += `  if (${g(a.expr)} === 0) { E.assume = ${ai}; return -2; }\n`;
  });
  const monitored: { name: string; span: IrProgram["properties"][number]["span"] }[] = [];
  for (const pr of p.properties) {
    if (pr.kind === "invariant") {
      const pi = monitored.length;
      monitored.push({ name: pr.name, span: pr.span });
      tick += `  if (${g(pr.expr)} === 0) VIOL(${pi}, t, -1);\n`;
    } else if (pr.kind === "leadsTo") {
      const pi = monitored.length;
      monitored.push({ name: pr.name, span: pr.span });
      const ms = layout.monitors.get(pr.name)!;
      const n = pr.withinTicks;
      // O(1): the age of the oldest unanswered trigger; a report closes its window (section 4).
      tick += `  { let a = m[${ms.age}];\n`;
      tick += `    if (a < 0 && ${g(pr.trigger)} !== 0) a = 0;\n`;
      tick += `    if (${g(pr.response)} !== 0) a = -1;\n`;
      tick += `    else if (a >= ${n}) { VIOL(${pi}, t, t - ${n}); a = -1; }\n`;
      tick += `    else if (a >= 0) a++;\n`;
      tick += `    m[${ms.age}] = a; }\n`;
    }
  }
  // 4. release
  tick += `  RL.fill(0);\n`;
  p.tasks.forEach((t, ti) => {
    const ts = layout.tasks[ti]!;
    const cond =
      t.kind === "irq"
        ? `I[${layout.inputs.get(t.irq ?? "")?.base ?? -1}] !== 0 && m[${ts.ctr}] === 0`
        : `m[${ts.ctr}] === 0`;
    const reload = t.kind === "irq" ? (t.miatTicks ?? 1) : (t.periodTicks ?? 1);
    tick += `  if (${cond}) {\n    RL[${ti}] = 1;\n    const r = task${ti}(m, I);\n    if (r >= 0) { E.task = ${ti}; return r; }\n`;
    tick += `    m[${ts.pend}] = ${t.publishDelayTicks};\n    m[${ts.ctr}] = ${reload};\n  }\n`;
  });
  // 5. advance
  p.tasks.forEach((_, ti) => {
    const ts = layout.tasks[ti]!;
    tick += `  if (m[${ts.ctr}] > 0) m[${ts.ctr}]--;\n  if (m[${ts.pend}] > 0) m[${ts.pend}]--;\n`;
  });
  tick += `  return -1;\n}\n`;
  src += tick;

  // Input loader and row builders.
  let load = `function load(I, r) {\n`;
  for (const [name, s] of layout.inputs) {
    load += s.isArray
      ? `  { const a = r[${key(name)}]; if (a === undefined) MISSING(${key(name)}); for (let i = 0; i < ${s.size}; i++) I[${s.base} + i] = +a[i]; }\n`
      : `  { const v = r[${key(name)}]; if (v === undefined) MISSING(${key(name)}); I[${s.base}] = +v; }\n`;
  }
  load += `}\n`;
  src += load;
  const rowFn = (fname: string, names: readonly string[]): string => {
    const parts = names.map((n) => {
      const s = layout.visible.get(n)!;
      if (!s.isArray) return `${key(n)}: m[${s.base}]`;
      if (s.size <= 16) return `${key(n)}: [${Array.from({ length: s.size }, (_, i) => `m[${s.base + i}]`).join(", ")}]`;
      return `${key(n)}: Array.from(m.subarray(${s.base}, ${s.base + s.size}))`;
    });
    return `function ${fname}(m) { return { ${parts.join(", ")} }; }\n`;
  };
  src += rowFn(
    "rowState",
    p.state.map((x) => x.name),
  );
  src += rowFn(
    "rowOutputs",
    p.outputs.map((x) => x.name),
  );
  src += `return { tick, load, state: rowState, outputs: rowOutputs, assumptions: ASSUME };\n`;

  const factory = new Function("E", "VIOL", "RL", src) as (
    E: ErrBox,
    viol: (prop: number, tick: number, trigger: number) => void,
    rl: Uint8Array,
  ) => ReturnType<Compiled["bind"]>;

  const initMem = new Float64Array(layout.memSize);
  for (const gl of [...p.state, ...p.outputs]) {
    storeValue(initMem, layout.visible.get(gl.name)!, gl.init ?? defaultValue(gl.type));
  }
  p.tasks.forEach((t, ti) => {
    const ts = layout.tasks[ti]!;
    for (const [name, buf] of ts.buffers) {
      const gl = [...p.state, ...p.outputs].find((x) => x.name === name)!;
      storeValue(initMem, buf, gl.init ?? defaultValue(gl.type));
    }
    initMem[ts.pend] = -1;
    initMem[ts.ctr] = t.kind === "periodic" ? t.offsetTicks : 0;
  });
  initMonitors(initMem, layout);

  const compiled: Compiled = {
    program: p,
    layout,
    asserts,
    monitored,
    initMem,
    bind: (E, viol, rl) => factory(E, viol, rl),
  };
  cache.set(p, compiled);
  return compiled;
}

/** The RuntimeError for a failed assert (index `code`) of a bound tick function. */
export function runtimeErrorOf(c: Compiled, code: number, E: ErrBox, tick: number): RuntimeError {
  const a = c.asserts[code]!;
  const task = c.program.tasks[E.task]?.name ?? a.task;
  const value = Number.isNaN(E.value) ? undefined : E.value;
  let message: string;
  switch (a.check.kind) {
    case "range":
      message =
        `value ${value ?? "?"} assigned to \`${a.check.what}\` is outside its range ` +
        `[${a.check.lo} .. ${a.check.hi}]`;
      break;
    case "div0":
      message = "division by zero";
      break;
    case "index":
      message = `index out of bounds of \`${a.check.array}\` (length ${a.check.length})`;
      break;
  }
  return {
    tick,
    task,
    assertId: a.id,
    check: a.check,
    span: a.span,
    message,
    ...(value !== undefined ? { value } : {}),
  };
}

/** The AssumptionViolation for the assumption recorded in E. */
export function assumptionViolationOf(c: Compiled, E: ErrBox, tick: number): AssumptionViolation {
  const a = c.program.assumptions[E.assume]!;
  return { tick, assumption: a.name, span: a.span };
}

export function createMachine(program: IrProgram): Machine {
  const c = compile(program);
  const E: ErrBox = { task: -1, value: NaN, assume: -1 };
  let viols: PropertyViolation[] = [];
  const RL = new Uint8Array(program.tasks.length);
  const fns = c.bind(
    E,
    (pi, tick, trig) => {
      const mo = c.monitored[pi]!;
      viols.push({ property: mo.name, tick, ...(trig >= 0 ? { triggerTick: trig } : {}), span: mo.span });
    },
    RL,
  );
  const I = new Float64Array(c.layout.inpSize);
  const inputNames = [...c.layout.inputs.keys()];
  return {
    program,
    key: (s) => Array.prototype.join.call(s.mem, ","),
    init: () => ({ tick: 0, mem: c.initMem.slice() }),
    clone: (s) => ({ tick: s.tick, mem: s.mem.slice() }),
    step(s: MachineState, inputs: TickInputs): StepOutcome {
      for (const name of inputNames) {
        if (inputs[name] === undefined) throw new Error(`Machine.step: no value for input \`${name}\` at tick ${s.tick}`);
      }
      viols = [];
      I.fill(0);
      fns.load(I, inputs);
      const t = s.tick;
      const code = fns.tick(s.mem, I, t);
      s.tick = t + 1;
      const released: string[] = [];
      const upto = code >= 0 ? E.task : program.tasks.length - 1;
      if (code !== -2) for (let i = 0; i <= upto; i++) if (RL[i]) released.push(program.tasks[i]!.name);
      const row: TickRow = {
        tick: t,
        inputs,
        state: fns.state(s.mem),
        outputs: fns.outputs(s.mem),
        released,
      };
      return {
        row,
        released,
        propertyViolations: viols,
        ...(code >= 0 ? { runtimeError: runtimeErrorOf(c, code, E, t) } : {}),
        ...(code === -2 ? { assumptionViolation: assumptionViolationOf(c, E, t) } : {}),
      };
    },
    visible: (s) => ({ state: fns.state(s.mem), outputs: fns.outputs(s.mem) }),
    brokenAssumptions(inputs: TickInputs): string[] {
      I.fill(0);
      fns.load(I, inputs);
      const out: string[] = [];
      fns.assumptions.forEach((f, i) => {
        if (f(I) === 0) out.push(program.assumptions[i]!.name);
      });
      return out;
    },
  };
}

/** Read one visible global from a machine state (tests, the prover's replay). */
export function visibleValue(program: IrProgram, s: MachineState, name: string): IrValue | undefined {
  const slot = compile(program).layout.visible.get(name);
  return slot ? loadValue(s.mem, slot) : undefined;
}
