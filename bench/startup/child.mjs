// Child process of bench/startup: one `vigil prove` (verify()) with a given solver pool set-up,
// from the compiled dist/ (as the CLI runs). Prints one JSON line: wall ms (process start to
// end), CPU ms of the whole process (all threads), the summary and the number of workers started.
// argv: MODEL WORKERS MODE: before (2 workers at warm-up, failed/cancelled ones replaced at once),
// after (the default now: 2 at warm-up, replaced on demand), lazy (1 at warm-up, more on demand).
import { verify } from "../../dist/api/verify.js";
import { createZ3Pool } from "../../dist/solver/z3-pool.js";

const [model, workers, mode] = process.argv.slice(2);
const pool = createZ3Pool({ workers: Number(workers), graceMs: 2000, eagerReplace: mode === "before", ...(mode === "lazy" ? { warmUpWorkers: 1 } : {}) });
pool.warmUp();
const r = await verify(model, { solver: pool });
const started = pool.workersStarted();
await pool.close();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ wallMs: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000), summary: r.summary ?? r.kind, workersStarted: started }));
process.exit(0);
