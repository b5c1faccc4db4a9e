/**
 * A host test harness for the generated C: a `main` that reads input traces on stdin, runs them
 * through `<dev>_tick` / `<dev>_dispatch`, and prints the visible outputs and state at every tick.
 *
 * Input: a CModel. Output: `<dev>_harness.c` (compiled with `-D<DEV>_RUNTIME_CHECKS`).
 * Protocol (all numbers decimal, whitespace separated):
 *   stdin:  N, then N traces; a trace is its tick count K followed by K rows; a row holds every
 *           input scalar (program order, arrays flattened) then every irq line (0/1).
 *   stdout: per trace, per tick k: `k v1 v2 ...` (outputs then state, program order, arrays
 *           flattened, bools 0/1) observed after publication and sampling (docs/semantics.md step 3);
 *           `A k` before it when the inputs break a range or an assumption; `E k id` when a runtime
 *           check (assert id) failed in a job released at tick k, after which the trace stops (in
 *           the lazy mode rows after k may precede it: the job ran later than its release);
 *           `M k task` on a deadline miss; then `END`.
 * The harness implements the HAL from the row being replayed; interrupt lines set in a row are
 * delivered through the ISR wrapper before the tick, as a real interrupt would be. It includes
 * `<dev>_sched.c` (link it with `<dev>.c` only); with VIGIL_LAZY=1 in the environment it runs each
 * job as late as its deadline allows instead of at once, which must not change any observation.
 */
import type { CGlobal, CModel } from "./model.js";
import { fileHeader } from "./model.js";
import { storageType } from "./names.js";
import { visible } from "./sched.js";

export function width(g: CGlobal): number {
  return g.type.kind === "array" ? g.type.length : 1;
}

/** Column layout of one printed row: outputs then state, arrays flattened. */
export function observedColumns(m: CModel): { name: string; index?: number }[] {
  const cols: { name: string; index?: number }[] = [];
  for (const g of [...m.outputs, ...m.state]) {
    if (g.type.kind === "array") for (let i = 0; i < g.type.length; i++) cols.push({ name: g.name, index: i });
    else cols.push({ name: g.name });
  }
  return cols;
}

export function emitHarnessSource(m: CModel, version: string): string {
  const { prefix: p } = m;
  const W = m.inputs.reduce((n, g) => n + width(g), 0) + m.irqs.length;
  const out: string[] = [fileHeader(m, `${p}_harness.c`, "host test harness (trace in, observations out)", version)];
  out.push(
    `#include <inttypes.h>`,
    `#include <stdio.h>`,
    `#include <stdlib.h>`,
    `#include "${p}.h"`,
    `#include "${p}_hal.h"`,
    `/* The scheduler is compiled into the harness (not linked separately) so that the lazy mode can`,
    ` * see which released jobs are due: link this file with ${p}.c only. */`,
    `#include "${p}_sched.c"`,
    ``,
  );
  const nT = Math.max(1, m.tasks.length);
  out.push(
    `static int64_t row[${Math.max(1, W)}];`,
    `static const char *failed_id;`,
    `static long failed_release;`,
    `static long tick_now;`,
    `/* release tick of each task's latest job, and its publication delay */`,
    `static long released_at[${nT}];`,
    `static const uint32_t delay[${nT}] = { ${m.tasks.length ? m.tasks.map((t) => `${t.ir.publishDelayTicks}U`).join(", ") : "0U"} };`,
    ``,
  );
  out.push(`/* A runtime check failed in the running job: report the tick at which that job was released. */`);
  out.push(`void ${p}_assert_failed(const char *id)`, `{`, `    if (failed_id == NULL) {`, `        failed_id = id;`, `        failed_release = tick_now;`);
  if (m.tasks.length > 0) {
    out.push(
      `        {`,
      `            uint32_t t;`,
      `            for (t = 0U; t < ${m.PREFIX}_NUM_TASKS; t++) {`,
      `                if (ctl[t].running) {`,
      `                    failed_release = released_at[t];`,
      `                }`,
      `            }`,
      `        }`,
    );
  }
  out.push(`    }`, `}`, ``, `static void note_releases(void)`, `{`);
  if (m.tasks.length > 0) {
    out.push(
      `    uint32_t t;`,
      `    for (t = 0U; t < ${m.PREFIX}_NUM_TASKS; t++) {`,
      `        if (ctl[t].ready && (ctl[t].publish_in == delay[t])) {`,
      `            released_at[t] = tick_now;`,
      `        }`,
      `    }`,
    );
  } else out.push(`    (void)released_at;`, `    (void)delay;`);
  out.push(`}`, ``);
  let col = 0;
  for (const g of m.inputs) {
    if (g.type.kind === "array") {
      const st = storageType(g.type.elem);
      const conv = g.type.elem.kind === "bool" ? `(row[${col} + i] != 0)` : `(${st})row[${col} + i]`;
      out.push(`void ${p}_hal_read_${g.c}(${st} value[${g.type.length}])`, `{`, `    uint32_t i;`);
      out.push(`    for (i = 0U; i < ${g.type.length}U; i++) {`, `        value[i] = ${conv};`, `    }`, `}`, ``);
    } else {
      const st = storageType(g.type);
      const conv = g.type.kind === "bool" ? `(row[${col}] != 0)` : `(${st})row[${col}]`;
      out.push(`${st} ${p}_hal_read_${g.c}(void)`, `{`, `    return ${conv};`, `}`, ``);
    }
    col += width(g);
  }
  for (const g of m.outputs) {
    if (g.type.kind === "array") out.push(`void ${p}_hal_write_${g.c}(const ${storageType(g.type.elem)} value[${g.type.length}])`);
    else out.push(`void ${p}_hal_write_${g.c}(${storageType(g.type)} value)`);
    out.push(`{`, `    (void)value;`, `}`, ``);
  }
  for (const l of m.irqs) out.push(`void ${p}_hal_ack_${l.c}(void)`, `{`, `}`, ``);
  out.push(
    `void ${p}_hal_critical_enter(void)`,
    `{`,
    `}`,
    ``,
    `void ${p}_hal_critical_exit(void)`,
    `{`,
    `}`,
    ``,
    `void ${p}_hal_deadline_miss(uint32_t task)`,
    `{`,
    `    (void)printf("M %ld %u\\n", tick_now, (unsigned)task);`,
    `}`,
    ``,
    `void ${p}_mpu_init(void)`,
    `{`,
    `}`,
    ``,
    `void ${p}_mpu_enter_domain(uint32_t domain)`,
    `{`,
    `    (void)domain;`,
    `}`,
    ``,
    `void ${p}_mpu_leave_domain(void)`,
    `{`,
    `}`,
    ``,
  );
  out.push(
    `/* Lazy mode (environment VIGIL_LAZY=1): run jobs as late as their deadlines allow, i.e. only when`,
    ` * one of them publishes at the next tick; LET makes the observations identical to the eager mode. */`,
    `static int must_dispatch(void)`,
    `{`,
    `    int due = 0;`,
  );
  if (m.tasks.length > 0) {
    out.push(
      `    uint32_t t;`,
      `    for (t = 0U; t < ${m.PREFIX}_NUM_TASKS; t++) {`,
      `        if (ctl[t].ready && (ctl[t].publish_in <= 1U)) {`,
      `            due = 1;`,
      `        }`,
      `    }`,
    );
  }
  out.push(`    return due;`, `}`, ``);
  out.push(`static void observe(void)`, `{`, `    (void)printf("%ld", tick_now);`);
  for (const g of [...m.outputs, ...m.state]) {
    const v = visible(m, g);
    if (g.type.kind === "array") {
      for (let i = 0; i < g.type.length; i++) out.push(`    (void)printf(" %" PRId64, (int64_t)${v}[${i}]);`);
    } else out.push(`    (void)printf(" %" PRId64, (int64_t)${v});`);
  }
  out.push(`    (void)printf("\\n");`, `}`, ``);
  out.push(
    `int main(void)`,
    `{`,
    `    long ntraces = 0;`,
    `    const char *lazy_env = getenv("VIGIL_LAZY");`,
    `    const int lazy = ((lazy_env != NULL) && (lazy_env[0] == '1')) ? 1 : 0;`,
    `    long t;`,
    `    if (scanf("%ld", &ntraces) != 1) {`,
    `        return 2;`,
    `    }`,
    `    for (t = 0; t < ntraces; t++) {`,
    `        long ticks = 0;`,
    `        long k;`,
    `        int stopped = 0;`,
    `        if (scanf("%ld", &ticks) != 1) {`,
    `            return 2;`,
    `        }`,
    `        ${p}_init();`,
    `        failed_id = NULL;`,
    `        for (k = 0; k < ticks; k++) {`,
    `            int c;`,
    `            for (c = 0; c < ${W}; c++) {`,
    `                if (scanf("%" SCNd64, &row[c]) != 1) {`,
    `                    return 2;`,
    `                }`,
    `            }`,
    `            if (stopped != 0) {`,
    `                continue;`,
    `            }`,
    `            tick_now = k;`,
  );
  m.irqs.forEach((l, j) => {
    out.push(`            if (row[${W - m.irqs.length + j}] != 0) {`, `                ${p}_irq_${l.c}();`, `            }`);
  });
  out.push(
    `            ${p}_tick();`,
    `            note_releases();`,
    `            if (!${p}_inputs_ok(&${p}_inputs)) {`,
    `                (void)printf("A %ld\\n", k);`,
    `            }`,
    `            observe();`,
    `            if ((lazy == 0) || (must_dispatch() != 0)) {`,
    `                ${p}_dispatch();`,
    `            }`,
    `            if (failed_id != NULL) {`,
    `                (void)printf("E %ld %s\\n", failed_release, failed_id);`,
    `                stopped = 1;`,
    `            }`,
    `        }`,
    `        (void)printf("END\\n");`,
    `    }`,
    `    return 0;`,
    `}`,
    ``,
  );
  return out.join("\n");
}
