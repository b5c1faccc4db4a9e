/**
 * Fixed-priority preemptive response-time analysis (Joseph & Pandya 1986; Audsley et al. 1993;
 * with release jitter as in Tindell, Burns & Wellings 1994).
 *
 * Input: tasks with C (WCET), T (period or minimum inter-arrival time), D (deadline), J (release
 * jitter), B (blocking) and a priority (1 = highest), all in the same time unit (cycles).
 * Output: per task the response time R = J + w, w the least fixed point of
 * w = C + B + sum_{j in hp(i)} ceil((w + J_j) / T_j) * C_j, the interference by each
 * higher-priority task at the fixed point, and whether R <= D; total utilization.
 * Invariants: integer arithmetic only; iteration stops as soon as J + w exceeds D (not schedulable;
 * the last w is reported as a lower bound of R) so it always terminates.
 */
export interface RtaTask {
  readonly name: string;
  readonly c: number;
  readonly t: number;
  readonly d: number;
  readonly j?: number;
  readonly b?: number;
  readonly priority: number;
}

export interface RtaResult {
  readonly name: string;
  /** Response time (when schedulable), or the first iterate above the deadline. */
  readonly r: number;
  readonly schedulable: boolean;
  readonly slack: number;
  /** Interference from each higher-priority task at the fixed point. */
  readonly interference: Readonly<Record<string, number>>;
}

export function responseTimes(tasks: readonly RtaTask[]): { results: RtaResult[]; utilization: number } {
  const results: RtaResult[] = [];
  for (const ti of tasks) {
    const hp = tasks.filter((tj) => tj.priority < ti.priority);
    const ji = ti.j ?? 0;
    let w = ti.c + (ti.b ?? 0);
    let ok = true;
    for (;;) {
      let next = ti.c + (ti.b ?? 0);
      for (const tj of hp) next += Math.ceil((w + (tj.j ?? 0)) / tj.t) * tj.c;
      if (ji + next > ti.d) {
        w = next;
        ok = false;
        break;
      }
      if (next === w) break;
      w = next;
    }
    const interference: Record<string, number> = {};
    for (const tj of hp) interference[tj.name] = Math.ceil((w + (tj.j ?? 0)) / tj.t) * tj.c;
    results.push({ name: ti.name, r: ji + w, schedulable: ok, slack: ti.d - (ji + w), interference });
  }
  const utilization = tasks.reduce((a, t) => a + t.c / t.t, 0);
  return { results, utilization };
}
