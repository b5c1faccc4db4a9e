/**
 * Development launcher: runs the CLI from TypeScript sources (`node --import tsx src/cli/run-dev.ts`).
 * Input: process.argv. Output: the exit code of run(). Not part of the build's entry points.
 */
import { run } from "./main.js";

process.exitCode = await run(process.argv);
