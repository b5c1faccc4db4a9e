/**
 * simulate(): run a program over an input trace for a number of ticks.
 *
 * Input: an IrProgram, per-tick inputs (array or function of the tick), the number of ticks.
 * Output: a SimResult (rows, first runtime error or broken assumption, property violations);
 * with opts.onRow each row goes to the callback instead (result.rows stays empty).
 * Invariants: stops at the first runtime error (the failing tick's row is kept, with the tasks
 * released up to and including the failing one) or broken assumption (the failing tick has no
 * row); property violations do not stop the run. Throws only on a programming error (a tick with
 * no inputs); traces are validated by src/sim before they get here.
 */
import type { IrProgram } from "../ir/ir.js";
import type { InputTrace, PropertyViolation, SimOptions, SimResult, TickRow, TickInputs } from "./index.js";
import { assumptionViolationOf, compile, runtimeErrorOf, type ErrBox } from "./machine.js";

export function simulate(program: IrProgram, inputs: InputTrace, ticks: number, opts: SimOptions = {}): SimResult {
  const c = compile(program);
  const onTick = opts.onTick;
  const onRow = opts.onRow;
  const record = onTick === undefined && (onRow !== undefined || (opts.record ?? true));
  const maxViol = opts.maxViolations ?? 1000;
  const E: ErrBox = { task: -1, value: NaN, assume: -1 };
  const viols: PropertyViolation[] = [];
  let violCount = 0;
  const nTasks = program.tasks.length;
  const RL = new Uint8Array(nTasks);
  const fns = c.bind(
    E,
    (pi, tick, trig) => {
      violCount++;
      if (viols.length < maxViol) {
        const mo = c.monitored[pi]!;
        viols.push({ property: mo.name, tick, ...(trig >= 0 ? { triggerTick: trig } : {}), span: mo.span });
      }
    },
    RL,
  );
  const taskNames = program.tasks.map((t) => t.name);
  const m = c.initMem.slice();
  const I = new Float64Array(c.layout.inpSize);
  const rows: TickRow[] = [];
  const get: (t: number) => TickInputs | undefined =
    typeof inputs === "function" ? inputs : (t: number) => (inputs as readonly TickInputs[])[t];
  // Released-task lists are shared between rows with the same set (read-only), keyed by bitmask.
  const cache = new Map<number, readonly string[]>();
  const releasedOf = (upto: number): readonly string[] => {
    if (nTasks <= 30) {
      let mask = 0;
      for (let i = 0; i <= upto; i++) if (RL[i] === 1) mask |= 1 << i;
      const hit = cache.get(mask);
      if (hit) return hit;
      const r: string[] = [];
      for (let i = 0; i <= upto; i++) if (RL[i] === 1) r.push(taskNames[i]!);
      const frozen = Object.freeze(r);
      cache.set(mask, frozen);
      return frozen;
    }
    const r: string[] = [];
    for (let i = 0; i <= upto; i++) if (RL[i] === 1) r.push(taskNames[i]!);
    return r;
  };
  for (let t = 0; t < ticks; t++) {
    const r = get(t);
    if (r === undefined) throw new Error(`simulate: no inputs for tick ${t}`);
    fns.load(I, r);
    const code = fns.tick(m, I, t);
    if (code === -1) {
      if (onTick) onTick(t, m, I, RL, nTasks - 1);
      else if (record) {
        const row: TickRow = { tick: t, inputs: r, state: fns.state(m), outputs: fns.outputs(m), released: releasedOf(nTasks - 1) };
        if (onRow) onRow(row);
        else rows.push(row);
      }
      continue;
    }
    if (code === -2) {
      return {
        rows,
        ticksRun: t,
        assumptionViolation: assumptionViolationOf(c, E, t),
        propertyViolations: viols,
        propertyViolationCount: violCount,
      };
    }
    if (onTick) onTick(t, m, I, RL, E.task);
    else if (record) {
      const row: TickRow = { tick: t, inputs: r, state: fns.state(m), outputs: fns.outputs(m), released: releasedOf(E.task) };
      if (onRow) onRow(row);
      else rows.push(row);
    }
    return {
      rows,
      ticksRun: t + 1,
      runtimeError: runtimeErrorOf(c, code, E, t),
      propertyViolations: viols,
      propertyViolationCount: violCount,
    };
  }
  return { rows, ticksRun: ticks, propertyViolations: viols, propertyViolationCount: violCount };
}
