/**
 * `<device>_hal.h` (what the engineer implements) and `<device>_sched.c` (the timer-tick scheduler
 * and interrupt wrappers).
 *
 * Input: a CModel. Output: the two files' text.
 * Invariants (docs/semantics.md, section 2, step by step): `<dev>_tick()` at tick k
 *   1. publishes every job whose publication tick is k (its working copy -> visible state);
 *   2. samples the inputs of tick k (HAL reads) and the interrupt lines (latched by the ISR
 *      wrappers since the previous tick, read and cleared atomically);
 *   3. drives every output with its visible value;
 *   4. releases the tasks due at k: a periodic task at k >= o with (k - o) mod p = 0 (a down
 *      counter), an interrupt task when its line is set and at least m ticks have passed since its
 *      previous release (arrivals sooner are dropped); a release snapshots what the job reads and
 *      initialises its working copy from the visible state;
 *   5. advances the counters.
 * `<dev>_dispatch()` runs released jobs, highest priority first; a job only touches its snapshot
 * and working copy, so when it runs does not change the behaviour as long as it finishes before its
 * publication tick (the timing proof). A job still unfinished at its publication tick, or a task
 * released while its previous job is unfinished, is reported to `<dev>_hal_deadline_miss`.
 */
import type { CGlobal, CModel, CTask } from "./model.js";
import { fileHeader } from "./model.js";
import { scalarOf, storageLit, storageType } from "./names.js";

function copy(dst: string, src: string, g: CGlobal, ind: string): string[] {
  if (g.type.kind === "array") {
    return [`${ind}for (i = 0U; i < ${g.type.length}U; i++) { ${dst}[i] = ${src}[i]; }`];
  }
  return [`${ind}${dst} = ${src};`];
}

function initValue(dst: string, g: CGlobal, ind: string): string[] {
  const st = scalarOf(g.type);
  const dflt = st.kind === "int" ? Math.max(st.lo, Math.min(0, st.hi)) : 0;
  if (g.type.kind === "array") {
    const vals = Array.isArray(g.init) ? (g.init as readonly number[]) : undefined;
    const lines: string[] = [];
    for (let i = 0; i < g.type.length; i++) {
      const v = vals ? vals[i]! : typeof g.init === "number" ? g.init : dflt;
      lines.push(`${ind}${dst}[${i}] = ${storageLit(v, st)};`);
    }
    return lines;
  }
  const v = typeof g.init === "number" ? g.init : dflt;
  return [`${ind}${dst} = ${storageLit(v, st)};`];
}

/** The visible location of a global (state in its domain's region, outputs and inputs in the kernel). */
export function visible(m: CModel, g: CGlobal): string {
  const p = m.prefix;
  switch (g.role) {
    case "state": {
      const r = m.regions.find((x) => x.domain === g.domain)!;
      return `${p}_${r.c}_mem.state.${g.c}`;
    }
    case "output":
      return `${p}_outputs.${g.c}`;
    default:
      return `${p}_inputs.${g.c}`;
  }
}

function taskRegion(m: CModel, t: CTask): string {
  return `${m.prefix}_${m.regions[t.domainIndex]!.c}_mem`;
}

export function emitHal(m: CModel, version: string): string {
  const { prefix: p, PREFIX: P } = m;
  const out: string[] = [fileHeader(m, `${p}_hal.h`, "the hardware access the engineer implements", version)];
  out.push(`#ifndef ${P}_HAL_H`, `#define ${P}_HAL_H`, ``, `#include "${p}.h"`, ``);
  out.push(`/* Read each input (called once per tick by ${p}_tick, from the timer interrupt).`);
  out.push(` * The value must lie in the input's declared range and satisfy the model's assumptions. */`);
  for (const g of m.inputs) {
    if (g.type.kind === "array") out.push(`void ${p}_hal_read_${g.c}(${storageType(g.type.elem)} value[${g.type.length}]);`);
    else out.push(`${storageType(g.type)} ${p}_hal_read_${g.c}(void);`);
  }
  out.push(``, `/* Drive each output (called once per tick with the visible value). */`);
  for (const g of m.outputs) {
    if (g.type.kind === "array") out.push(`void ${p}_hal_write_${g.c}(const ${storageType(g.type.elem)} value[${g.type.length}]);`);
    else out.push(`void ${p}_hal_write_${g.c}(${storageType(g.type)} value);`);
  }
  out.push(``, `/* Acknowledge each interrupt line (called by the ISR wrapper ${p}_irq_<line>). */`);
  for (const l of m.irqs) out.push(`void ${p}_hal_ack_${l.c}(void);`);
  out.push(
    ``,
    `/* Mask (enter) and restore (exit) the interrupts that call ${p}_tick and ${p}_irq_*. Not nested. */`,
    `void ${p}_hal_critical_enter(void);`,
    `void ${p}_hal_critical_exit(void);`,
    ``,
    `/* A job missed its deadline (task: ${P}_TASK_*): the timing proof's assumptions do not hold.`,
    ` * The device should enter its safe state; the late job's writes are discarded. */`,
    `void ${p}_hal_deadline_miss(uint32_t task);`,
    ``,
    `#endif /* ${P}_HAL_H */`,
    ``,
  );
  return out.join("\n");
}

export function emitSched(m: CModel, version: string): string {
  const { prefix: p, PREFIX: P } = m;
  const needI = m.tasks.some((t) => [...t.ins, ...t.outs].some((g) => g.type.kind === "array"));
  const out: string[] = [fileHeader(m, `${p}_sched.c`, "timer-tick scheduler with Logical Execution Time, interrupt wrappers", version)];
  out.push(`#include "${p}.h"`, `#include "${p}_hal.h"`, ``);
  out.push(
    `#if defined(__GNUC__)`,
    `#define ${P}_SECTION(s) __attribute__((section(s)))`,
    `#else`,
    `#define ${P}_SECTION(s)`,
    `#endif`,
    ``,
  );
  for (const r of m.regions) {
    out.push(`/* domain ${r.domain}: ${r.bytes} bytes in an MPU region of ${r.regionSize} bytes */`);
    out.push(`typedef char ${p}_${r.c}_fits_region_t[(sizeof(${p}_${r.c}_mem_t) <= ${r.regionSize}U) ? 1 : -1];`);
    out.push(`${P}_SECTION(".${p}_${r.c}") ${p}_${r.c}_mem_t ${p}_${r.c}_mem;`);
  }
  out.push(`${p}_inputs_t ${p}_inputs;`, `${p}_outputs_t ${p}_outputs;`, ``);
  if (m.tasks.length > 0) out.push(
    `/* Per-task scheduler control block. */`,
    `typedef struct {`,
    `    bool ready;        /* released, not yet started */`,
    `    bool running;      /* started, not finished */`,
    `    bool pending;      /* released, writes not yet published */`,
    `    uint32_t publish_in; /* ticks until publication */`,
    `    uint32_t counter;  /* periodic: ticks until the next release; irq: ticks since the last release (saturating) */`,
    `} ${p}_ctl_t;`,
    ``,
  );
  if (m.tasks.length > 0) out.push(`static ${p}_ctl_t ctl[${m.tasks.length}];`);
  for (const l of m.irqs) out.push(`static volatile bool latch_${l.c};`);
  out.push(`static uint32_t running_priority; /* priority of the job running now; 0 when none */`, ``);

  // init
  out.push(`void ${p}_init(void)`, `{`);
  if (needI) out.push(`    uint32_t i;`);
  for (const g of m.state) out.push(...initValue(visible(m, g), g, "    "));
  for (const g of m.outputs) out.push(...initValue(visible(m, g), g, "    "));
  for (const g of [...m.inputs, ...m.irqs]) out.push(...initValue(visible(m, g), g, "    "));
  for (const t of m.tasks) {
    const reg = taskRegion(m, t);
    for (const g of t.ins) out.push(...copy(`${reg}.${t.c}_in.${g.c}`, visible(m, g), g, "    "));
    for (const g of t.outs) out.push(...copy(`${reg}.${t.c}_out.${g.c}`, visible(m, g), g, "    "));
    if (t.ins.length === 0) out.push(`    ${reg}.${t.c}_in.unused_ = 0U;`);
    if (t.outs.length === 0) out.push(`    ${reg}.${t.c}_out.unused_ = 0U;`);
  }
  for (const r of m.regions) if (r.state.length === 0) out.push(`    ${p}_${r.c}_mem.state.unused_ = 0U;`);
  if (m.inputs.length + m.irqs.length === 0) out.push(`    ${p}_inputs.unused_ = 0U;`);
  if (m.outputs.length === 0) out.push(`    ${p}_outputs.unused_ = 0U;`);
  for (const t of m.tasks) {
    const ir = t.ir;
    const c0 = ir.kind === "periodic" ? `${ir.offsetTicks}U` : `${ir.miatTicks ?? 0}U`;
    out.push(
      `    ctl[${P}_TASK_${t.c.toUpperCase()}].ready = false;`,
      `    ctl[${P}_TASK_${t.c.toUpperCase()}].running = false;`,
      `    ctl[${P}_TASK_${t.c.toUpperCase()}].pending = false;`,
      `    ctl[${P}_TASK_${t.c.toUpperCase()}].publish_in = 0U;`,
      `    ctl[${P}_TASK_${t.c.toUpperCase()}].counter = ${c0}; /* ${ir.kind === "periodic" ? "first release at the offset" : "never released: may be released at once"} */`,
    );
  }
  for (const l of m.irqs) out.push(`    latch_${l.c} = false;`);
  out.push(`    running_priority = 0U;`, `}`, ``);

  // irq wrappers
  for (const l of m.irqs) {
    out.push(
      `/* Interrupt wrapper for line ${l.name}: call it from the interrupt's vector. It acknowledges the`,
      ` * interrupt and latches the arrival; ${p}_tick releases the task at the next tick boundary. */`,
      `void ${p}_irq_${l.c}(void)`,
      `{`,
      `    ${p}_hal_ack_${l.c}();`,
      `    latch_${l.c} = true;`,
      `}`,
      ``,
    );
  }

  // release functions
  for (const t of m.tasks) {
    const reg = taskRegion(m, t);
    const T = `${P}_TASK_${t.c.toUpperCase()}`;
    const arr = [...t.ins, ...t.outs].some((g) => g.type.kind === "array");
    out.push(`static void release_${t.c}(void)`, `{`);
    if (arr) out.push(`    uint32_t i;`);
    out.push(
      `    if (ctl[${T}].ready || ctl[${T}].running) {`,
      `        ${p}_hal_deadline_miss(${T}); /* previous job unfinished: this release is lost */`,
      `    } else {`,
    );
    for (const g of t.ins) out.push(...copy(`${reg}.${t.c}_in.${g.c}`, visible(m, g), g, "        "));
    for (const g of t.outs) out.push(...copy(`${reg}.${t.c}_out.${g.c}`, visible(m, g), g, "        "));
    out.push(
      `        ctl[${T}].pending = true;`,
      `        ctl[${T}].publish_in = ${t.ir.publishDelayTicks}U;`,
      `        ctl[${T}].ready = true;`,
      `    }`,
      `}`,
      ``,
    );
    out.push(`static void publish_${t.c}(void)`, `{`);
    if (t.outs.some((g) => g.type.kind === "array")) out.push(`    uint32_t i;`);
    if (t.outs.length === 0) out.push(`    /* writes nothing */`);
    for (const g of t.outs) out.push(...copy(visible(m, g), `${reg}.${t.c}_out.${g.c}`, g, "    "));
    out.push(`}`, ``);
  }

  // tick
  out.push(`/* Call once per logical tick (${m.program.device.tickUs} us), from the timer interrupt. */`, `void ${p}_tick(void)`, `{`);
  out.push(`    /* 1. publish the jobs whose publication tick is now */`);
  for (const t of m.tasks) {
    const T = `${P}_TASK_${t.c.toUpperCase()}`;
    out.push(
      `    if (ctl[${T}].pending) {`,
      `        ctl[${T}].publish_in--;`,
      `        if (ctl[${T}].publish_in == 0U) {`,
      `            ctl[${T}].pending = false;`,
      `            if (ctl[${T}].ready || ctl[${T}].running) {`,
      `                ${p}_hal_deadline_miss(${T});`,
      `            } else {`,
      `                publish_${t.c}();`,
      `            }`,
      `        }`,
      `    }`,
    );
  }
  out.push(`    /* 2. sample the inputs and the interrupt lines of this tick */`);
  for (const g of m.inputs) {
    if (g.type.kind === "array") out.push(`    ${p}_hal_read_${g.c}(${p}_inputs.${g.c});`);
    else out.push(`    ${p}_inputs.${g.c} = ${p}_hal_read_${g.c}();`);
  }
  if (m.irqs.length > 0) {
    out.push(`    ${p}_hal_critical_enter();`);
    for (const l of m.irqs) out.push(`    ${p}_inputs.${l.c} = latch_${l.c};`, `    latch_${l.c} = false;`);
    out.push(`    ${p}_hal_critical_exit();`);
  }
  out.push(`    /* 3. drive the visible outputs */`);
  for (const g of m.outputs) out.push(`    ${p}_hal_write_${g.c}(${p}_outputs.${g.c});`);
  out.push(`    /* 4. release the tasks due now, 5. advance the counters */`);
  for (const t of m.tasks) {
    const T = `${P}_TASK_${t.c.toUpperCase()}`;
    const ir = t.ir;
    if (ir.kind === "periodic") {
      out.push(
        `    if (ctl[${T}].counter == 0U) { /* every ${ir.periodTicks} tick(s) from tick ${ir.offsetTicks} */`,
        `        release_${t.c}();`,
        `        ctl[${T}].counter = ${(ir.periodTicks ?? 1) - 1}U;`,
        `    } else {`,
        `        ctl[${T}].counter--;`,
        `    }`,
      );
    } else {
      const line = m.irqs.find((l) => l.name === ir.irq);
      const miat = ir.miatTicks ?? 0;
      const lineRef = `${p}_inputs.${line ? line.c : "unknown_line"}`;
      if (miat <= 0) {
        out.push(`    if (${lineRef}) { /* no minimum inter-arrival time */`, `        release_${t.c}();`, `    }`);
      } else {
        out.push(
          `    if (${lineRef} && (ctl[${T}].counter >= ${miat}U)) { /* at least ${miat} tick(s) since the last release; sooner arrivals are dropped */`,
          `        release_${t.c}();`,
          `        ctl[${T}].counter = 0U;`,
          `    }`,
          `    if (ctl[${T}].counter < ${miat}U) {`,
          `        ctl[${T}].counter++;`,
          `    }`,
        );
      }
    }
  }
  out.push(`}`, ``);

  // dispatch
  if (m.tasks.length === 0) {
    out.push(`/* The model has no task: nothing to dispatch. */`, `void ${p}_dispatch(void)`, `{`, `}`, ``);
    return out.join("\n");
  }
  const byPrio = [...m.tasks].sort((a, b) => a.ir.priority - b.ir.priority);
  out.push(
    `/* Take the highest-priority released job more urgent than the one running now; returns its`,
    ` * task number, or ${P}_NUM_TASKS when there is none. */`,
    `static uint32_t take_job(uint32_t *saved)`,
    `{`,
    `    static const uint32_t priority[${Math.max(1, m.tasks.length)}] = { ${m.tasks.length ? m.tasks.map((t) => `${t.ir.priority}U`).join(", ") : "0U"} };`,
    `    uint32_t task = ${P}_NUM_TASKS;`,
    `    ${p}_hal_critical_enter();`,
  );
  byPrio.forEach((t, i) => {
    const T = `${P}_TASK_${t.c.toUpperCase()}`;
    out.push(`    ${i === 0 ? "if" : "} else if"} (ctl[${T}].ready && ((running_priority == 0U) || (running_priority > ${t.ir.priority}U))) {`);
    out.push(`        task = ${T};`);
  });
  if (byPrio.length > 0) out.push(`    } else {`, `        /* nothing to run */`, `    }`);
  out.push(
    `    *saved = running_priority;`,
    `    if (task < ${P}_NUM_TASKS) {`,
    `        ctl[task].ready = false;`,
    `        ctl[task].running = true;`,
    `        running_priority = priority[task];`,
    `    }`,
  );
  out.push(`    ${p}_hal_critical_exit();`, `    return task;`, `}`, ``);
  out.push(
    `/* Run the released jobs, highest priority first (fixed priorities, 1 = most urgent). Call it after`,
    ` * each ${p}_tick, from a context that ${p}_tick may preempt (for example PendSV, or the main loop).`,
    ` * A nested call (from a more urgent context) runs only jobs more urgent than the one it preempted. */`,
    `void ${p}_dispatch(void)`,
    `{`,
    `    uint32_t n;`,
    `    for (n = 0U; n < ${P}_NUM_TASKS; n++) {`,
    `        uint32_t saved = 0U;`,
    `        const uint32_t task = take_job(&saved);`,
    `        if (task >= ${P}_NUM_TASKS) {`,
    `            break;`,
    `        }`,
  );
  out.push(`        switch (task) {`);
  for (const t of m.tasks) {
    const reg = taskRegion(m, t);
    out.push(
      `        case ${P}_TASK_${t.c.toUpperCase()}:`,
      `            ${p}_mpu_enter_domain(${P}_DOMAIN_${m.regions[t.domainIndex]!.c.toUpperCase()});`,
      `            ${p}_${t.c}_step(&${reg}.${t.c}_in, &${reg}.${t.c}_out);`,
      `            ${p}_mpu_leave_domain();`,
      `            break;`,
    );
  }
  out.push(`        default:`, `            break;`, `        }`);
  out.push(
    `        ${p}_hal_critical_enter();`,
    `        running_priority = saved;`,
    `        ctl[task].running = false;`,
    `        ${p}_hal_critical_exit();`,
    `    }`,
    `}`,
    ``,
  );
  return out.join("\n");
}
