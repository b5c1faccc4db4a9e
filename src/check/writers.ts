/**
 * The single-writer rule and the domain of writes.
 *
 * Input: the tasks (TaskInfo, with the write spans of each body). Output: diagnostics VG2601 (a
 * variable written by two tasks, with "also written here"), VG2602 (an output no task writes,
 * warning) and VG3001 (a task writing a variable of another domain).
 * Invariants: one pass over the writes (a Map from variable to its first writer).
 */
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import type { BodyResult } from "./body.js";
import { report, type Ctx } from "./context.js";
import type { TaskInfo } from "./model.js";

export function checkWriters(
  ctx: Ctx,
  outputs: readonly ast.OutputDecl[],
  tasks: readonly TaskInfo[],
  bodies: ReadonlyMap<ast.TaskDecl, BodyResult>,
): void {
  const firstWriter = new Map<string, { task: string; span: Span }>();
  for (const t of tasks) {
    const body = bodies.get(t.decl);
    if (!body) continue;
    for (const [name, spans] of body.writes) {
      const sym = ctx.globals.get(name);
      const span = spans[0]!;
      if (sym && sym.domain && t.domain && sym.domain !== t.domain && ctx.domains.has(sym.domain)) {
        report(ctx, "VG3001", span, `task \`${t.name}\` (domain \`${t.domain}\`) writes \`${name}\` of domain \`${sym.domain}\``, {
          related: [{ span: sym.span, message: `\`${name}\` is declared here` }],
          notes: ["a task writes only variables of its own domain; let a task of that domain copy the value (through endorse or declassify if needed)"],
        });
      }
      const prev = firstWriter.get(name);
      if (prev && prev.task !== t.name) {
        report(ctx, "VG2601", span, `\`${name}\` is written by task \`${t.name}\` and by task \`${prev.task}\``, {
          related: [{ span: prev.span, message: "also written here" }],
          notes: ["every state variable and output has exactly one writer task"],
        });
      } else if (!prev) firstWriter.set(name, { task: t.name, span });
    }
  }
  for (const d of outputs) {
    if (!firstWriter.has(d.name.name) && ctx.declOf.get(ctx.globals.get(d.name.name)!) === d)
      report(ctx, "VG2602", d.name.span, `output \`${d.name.name}\` is never written by any task`, {
        notes: ["it keeps its initial value forever"],
      });
  }
}
