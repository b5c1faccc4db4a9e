/**
 * The list of subcommands. Each module registers one command on the commander program.
 * Input: none. Output: COMMANDS, in the order shown by --help.
 */
import type { Command } from "commander";
import type { CommandContext } from "../main.js";
import { register as registerCheck } from "./check.js";
import { register as registerEmit } from "./emit.js";
import { register as registerIr } from "./ir.js";
import { register as registerSim } from "./sim.js";
import { register as registerFmt } from "./fmt.js";
import { register as registerWcet } from "./wcet.js";
import { register as registerProve } from "./prove.js";
import { register as registerReport } from "./report.js";
import { register as registerLsp } from "./lsp.js";

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: RegisterCommand[] = [
  // check, fmt, ir, sim, prove, wcet, emit: each helper adds its import and entry here.
  registerCheck,
  registerFmt,
  registerIr,
  registerSim,
  registerProve,
  registerWcet,
  registerEmit,
  registerReport,
  registerLsp,
];
