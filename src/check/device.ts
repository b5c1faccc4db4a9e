/**
 * The device header: `device NAME target CORE at CLOCK tick TICK`.
 *
 * Input: the primary model's header (absent in a broken file). Output: CheckedModel.device and
 * ctx.tickUs; diagnostics VG2025 (unknown core), VG2026 (missing or repeated clause, missing
 * header), VG2515 (clock not a positive frequency, tick not a positive time).
 * Invariants: the tick is known (ctx.tickUs set) only when it is a valid positive constant time.
 */
import type * as ast from "../ast/ast.js";
import { closestName, report, type Ctx } from "./context.js";
import type { CheckedModel } from "./model.js";
import { evalConst } from "./resolve.js";
import { typeKindName } from "./types.js";

export const TARGETS = ["cortex-m0plus", "cortex-m4", "rv32im"] as const;

function positive(ctx: Ctx, e: ast.Expr, unit: "time" | "freq", what: string): bigint | undefined {
  const { type, value } = evalConst(ctx, e, what);
  if (!value || type.kind === "error") return undefined;
  if (type.kind !== "int" || type.unit !== unit || value.kind !== "int") {
    report(ctx, "VG2515", e.span, `${what} must be ${unit === "time" ? "a time such as `1 ms`" : "a frequency such as `16 MHz`"}, found ${typeKindName(type)}`);
    return undefined;
  }
  if (value.value <= 0n) {
    report(ctx, "VG2515", e.span, `${what} must be positive`);
    return undefined;
  }
  return value.value;
}

export function checkDevice(ctx: Ctx, model: ast.Model): CheckedModel["device"] {
  ctx.inDeviceHeader = true;
  try {
    return checkHeader(ctx, model);
  } finally {
    ctx.inDeviceHeader = false;
  }
}

function checkHeader(ctx: Ctx, model: ast.Model): CheckedModel["device"] {
  const h = model.device;
  if (!h) {
    report(ctx, "VG2026", { ...model.span, length: 0 }, "the model has no device header", {
      notes: ["start the model with `device NAME target cortex-m4 at 16 MHz tick 1 ms`"],
    });
    return { name: "", target: "", clockHz: 0n, tickUs: 0n, span: model.span };
  }
  let target = "";
  let clockHz = 0n;
  let tickUs = 0n;
  if (h.targets.length === 0)
    report(ctx, "VG2026", h.name.span, `device \`${h.name.name}\` has no \`target\` clause`, {
      notes: ["add e.g. `target cortex-m4 at 16 MHz`"],
    });
  h.targets.forEach((t, i) => {
    const clock = positive(ctx, t.clock, "freq", "the clock");
    if (i > 0) {
      report(ctx, "VG2026", t.span, "the `target` clause is repeated", { related: [{ span: h.targets[0]!.span, message: "first given here" }] });
      return;
    }
    if (!(TARGETS as readonly string[]).includes(t.name)) {
      const hint = closestName(t.name, TARGETS);
      report(ctx, "VG2025", t.nameSpan, `unknown target core \`${t.name}\``, {
        notes: [hint ? `did you mean \`${hint}\`?` : `the targets are ${TARGETS.join(", ")}`],
      });
    } else target = t.name;
    if (clock !== undefined) clockHz = clock;
  });
  if (h.ticks.length === 0)
    report(ctx, "VG2026", h.name.span, `device \`${h.name.name}\` has no \`tick\` clause`, { notes: ["add e.g. `tick 1 ms`"] });
  h.ticks.forEach((e, i) => {
    const v = positive(ctx, e, "time", "the tick");
    if (i > 0) {
      report(ctx, "VG2026", e.span, "the `tick` clause is repeated", { related: [{ span: h.ticks[0]!.span, message: "first given here" }] });
      return;
    }
    if (v !== undefined) {
      tickUs = v;
      ctx.tickUs = v;
    }
  });
  return { name: h.name.name, target, clockHz, tickUs, span: h.span };
}
