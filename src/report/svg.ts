/**
 * SVG drawings of the report: the security architecture (from its ELK layout), the timing bars,
 * the Gantt chart of one hyperperiod, and counterexample waveforms.
 *
 * Input: PositionedView (layout.ts), TimingView (schedule.ts), counterexample traces.
 * Output: standalone SVG text (xmlns set, no script, no external reference), so it can be inlined
 * in HTML or written beside Markdown.
 * Invariants: every architecture node is one `<g class="node" data-id=...>` with `data-kind`;
 * every zone one `<g class="zone" data-domain=...>`; every edge one `<path class="edge ...">`
 * with `data-from`/`data-to` — the browser tests count them. All text is XML-escaped.
 */
import type { TraceStep } from "../prove/verdict.js";
import type { PositionedView } from "./layout.js";
import type { TimingView } from "./schedule.js";

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const FILL: Record<string, string> = { input: "#e8f1fb", output: "#e8f7ec", state: "#fff7e0", irq: "#fde8e8", task: "#ffffff" };

function svgOpen(w: number, h: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" style="max-width:100%;height:auto" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`;
}

const MARKERS = `<defs>
<marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>
<marker id="arr-e" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#b35900"/></marker>
<marker id="arr-d" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6a1b9a"/></marker>
</defs>`;

export function architectureSvg(v: PositionedView): string {
  const w = Math.max(v.width, 200) + 10;
  const h = Math.max(v.height, 80) + 40;
  const out: string[] = [svgOpen(w, h, "security architecture"), MARKERS];
  for (const z of v.zones) {
    const b = z.box;
    const colour = z.trusted ? "#2e7d32" : "#c62828";
    out.push(
      `<g class="zone" data-domain="${esc(z.domain)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${z.trusted ? "#f3faf3" : "#fdf3f3"}" stroke="${colour}" stroke-width="2" stroke-dasharray="${z.trusted ? "" : "6 3"}"/>` +
        `<text x="${b.x + 10}" y="${b.y + 16}" font-weight="bold" fill="${colour}">${esc(z.domain)}</text>` +
        `<text x="${b.x + 10}" y="${b.y + 29}" font-size="10" fill="#333">integrity ${z.trusted ? "trusted" : "untrusted"} · confidentiality ${esc(z.level)}</text></g>`,
    );
  }
  for (const e of v.edges) {
    if (e.points.length < 2) continue;
    const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    const style = e.kind === "endorse" ? `stroke="#b35900" stroke-width="2.5" marker-end="url(#arr-e)"` : e.kind === "declassify" ? `stroke="#6a1b9a" stroke-width="2.5" marker-end="url(#arr-d)"` : `stroke="${e.crossesBoundary ? "#333" : "#888"}" stroke-width="${e.crossesBoundary ? 1.6 : 1}" marker-end="url(#arr)"`;
    const title = `${e.from.slice(2)} → ${e.to.slice(2)}${e.kind !== "flow" ? ` (${e.kind}${e.note ? `: ${e.note}` : ""})` : ""}${e.coveredBy.length ? `; covered by ${e.coveredBy.join(", ")}` : e.crossesBoundary ? "; no isolation obligation covers this crossing" : ""}`;
    out.push(`<path class="edge ${e.kind}${e.crossesBoundary ? " crossing" : ""}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="${d}" fill="none" ${style}><title>${esc(title)}</title></path>`);
    if (e.kind !== "flow") {
      const m = e.points[Math.floor(e.points.length / 2)]!;
      out.push(`<text x="${m.x + 4}" y="${m.y - 4}" font-size="10" fill="${e.kind === "endorse" ? "#b35900" : "#6a1b9a"}" font-weight="bold">${e.kind}</text>`);
    }
  }
  for (const n of v.nodes) {
    const b = n.box;
    const shape =
      n.kind === "task"
        ? `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" fill="${FILL.task}" stroke="#1a237e" stroke-width="1.5"/>`
        : n.kind === "state"
          ? `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="14" fill="${FILL.state}" stroke="#8d6e00"/>`
          : `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${FILL[n.kind]}" stroke="#455a64" stroke-dasharray="${n.kind === "irq" ? "3 2" : ""}"/>`;
    const tag = n.kind === "task" ? "task" : n.kind === "irq" ? "irq" : n.kind;
    out.push(
      `<g class="node" data-id="${esc(n.id)}" data-kind="${n.kind}" data-zone="${esc(n.zone.slice(5))}">${shape}<text x="${b.x + 8}" y="${b.y + 14}" font-size="9" fill="#666">${tag}</text>` +
        `<text x="${b.x + 8}" y="${b.y + 27}" font-weight="${n.kind === "task" ? "bold" : "normal"}">${esc(n.label)}</text>` +
        (n.detail ? `<text x="${b.x + 8}" y="${b.y + 40}" font-size="9" fill="#444">${esc(n.detail.length > 44 ? n.detail.slice(0, 43) + "…" : n.detail)}</text>` : "") +
        `</g>`,
    );
  }
  const ly = h - 14;
  out.push(
    `<g class="legend" font-size="10"><line x1="10" y1="${ly}" x2="40" y2="${ly}" stroke="#333" stroke-width="1.6" marker-end="url(#arr)"/><text x="46" y="${ly + 4}">data flow</text>` +
      `<line x1="120" y1="${ly}" x2="150" y2="${ly}" stroke="#b35900" stroke-width="2.5" marker-end="url(#arr-e)"/><text x="156" y="${ly + 4}">endorse (validated)</text>` +
      `<line x1="270" y1="${ly}" x2="300" y2="${ly}" stroke="#6a1b9a" stroke-width="2.5" marker-end="url(#arr-d)"/><text x="306" y="${ly + 4}">declassify</text>` +
      `<rect x="380" y="${ly - 7}" width="22" height="12" fill="#fdf3f3" stroke="#c62828" stroke-dasharray="6 3"/><text x="408" y="${ly + 4}">untrusted zone</text></g>`,
  );
  out.push("</svg>");
  return out.join("\n");
}

/**
 * Per task, on its own scale (the deadline is the full width): WCET against its budget (the
 * `wcet(task) <= t` bound, else the deadline) and the response time against the deadline.
 */
export function timingBarsSvg(t: TimingView): string {
  const rowH = 50;
  const left = 110;
  const width = 520;
  const h = 30 + t.bars.length * rowH + 10;
  const out = [svgOpen(left + width + 60, h, "timing per task")];
  out.push(`<text x="${left}" y="16" font-size="11" fill="#333">each row to its own deadline; dark = WCET, light = response time, red line = deadline, blue line = WCET budget</text>`);
  t.bars.forEach((b, i) => {
    const y = 28 + i * rowH;
    const full = Math.max(1, b.deadlineCycles, b.responseCycles ?? 0);
    const sx = (c: number): number => left + (c / full) * width;
    out.push(`<g class="bar" data-task="${esc(b.task)}"><text x="6" y="${y + 16}" font-weight="bold">${esc(b.task)}</text>`);
    out.push(`<rect x="${left}" y="${y + 2}" width="${width}" height="20" fill="#f5f5f5"/>`);
    if (b.responseCycles !== undefined) out.push(`<rect x="${left}" y="${y + 4}" width="${Math.max(1, sx(b.responseCycles) - left).toFixed(1)}" height="16" fill="${b.schedulable === false ? "#ef9a9a" : "#bbdefb"}"/>`);
    if (b.wcetCycles !== undefined) out.push(`<rect x="${left}" y="${y + 8}" width="${Math.max(1, sx(b.wcetCycles) - left).toFixed(1)}" height="8" fill="#0d47a1"/>`);
    out.push(`<line x1="${sx(b.deadlineCycles).toFixed(1)}" y1="${y}" x2="${sx(b.deadlineCycles).toFixed(1)}" y2="${y + 24}" stroke="#c62828" stroke-width="2"/>`);
    if (b.budgetCycles !== undefined) out.push(`<line x1="${sx(b.budgetCycles).toFixed(1)}" y1="${y}" x2="${sx(b.budgetCycles).toFixed(1)}" y2="${y + 24}" stroke="#1565c0" stroke-width="2" stroke-dasharray="3 2"/>`);
    const pct = (c: number | undefined): string => (c === undefined ? "?" : `${c} (${((100 * c) / Math.max(1, b.deadlineCycles)).toFixed(1)} %)`);
    out.push(`<text x="${left}" y="${y + 38}" font-size="10" fill="#333">WCET ${pct(b.wcetCycles)}${b.budgetCycles !== undefined ? ` ≤ budget ${b.budgetCycles}` : ""} · response ${pct(b.responseCycles)} · deadline ${b.deadlineCycles} cycles${b.schedulable === false ? " · MISSES ITS DEADLINE" : ""}</text></g>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

const PALETTE = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#283593"];

/**
 * The schedule between cycles `from` and `to` (default: the whole drawn hyperperiod): a lane per
 * task (tick ISR first), releases as marks (red: interrupts).
 */
export function ganttSvg(t: TimingView, window?: { readonly from: number; readonly to: number; readonly title: string }): string {
  const names = ["tick ISR", ...t.bars.map((b) => b.task)];
  const laneH = 26;
  const left = 90;
  const from = window?.from ?? 0;
  const to = Math.max(from + 1, window?.to ?? t.ticks * t.tickCycles);
  const width = 900;
  const sx = (c: number): number => left + ((Math.min(Math.max(c, from), to) - from) / (to - from)) * width;
  const h = 40 + names.length * laneH + 24;
  const out = [svgOpen(left + width + 20, h, window ? window.title : "schedule of one hyperperiod")];
  const head = window ? window.title : `${t.ticks} tick(s)${t.cut ? ` shown of a ${t.hyperperiodTicks}-tick hyperperiod` : " = one hyperperiod"}; interrupts at their minimum inter-arrival from time 0`;
  out.push(`<text x="${left}" y="14" font-size="11" fill="#333">${esc(head)}</text>`);
  names.forEach((n, i) => {
    const y = 28 + i * laneH;
    out.push(`<text x="6" y="${y + 16}" font-size="11">${esc(n)}</text><line x1="${left}" y1="${y + laneH - 2}" x2="${left + width}" y2="${y + laneH - 2}" stroke="#eee"/>`);
    const colour = i === 0 ? "#9e9e9e" : PALETTE[(i - 1) % PALETTE.length]!;
    for (const s of t.segments.filter((x) => x.task === n && x.end > from && x.start < to)) out.push(`<rect class="seg" data-task="${esc(n)}" x="${sx(s.start).toFixed(2)}" y="${y + 4}" width="${Math.max(0.8, sx(s.end) - sx(s.start)).toFixed(2)}" height="16" fill="${colour}"><title>${esc(n)}: cycles ${s.start}..${s.end}</title></rect>`);
    for (const r of t.releases.filter((x) => x.task === n && x.at >= from && x.at <= to)) {
      const late = r.finished !== undefined && r.finished > r.deadline;
      out.push(`<path d="M${sx(r.at).toFixed(2)},${y + 2} l-3,-5 h6 z" fill="${r.irq ? "#c62828" : "#333"}"><title>${esc(n)} released at cycle ${r.at}${r.irq ? " (interrupt)" : ""}; deadline ${r.deadline}${late ? " MISSED" : ""}</title></path>`);
    }
  });
  const axisY = 28 + names.length * laneH + 12;
  for (let i = 0; i <= 10; i++) {
    const c = Math.round(from + ((to - from) * i) / 10);
    const label = window ? `${c}` : `${Math.round(c / Math.max(1, t.tickCycles))}`;
    out.push(`<text x="${sx(c).toFixed(1)}" y="${axisY}" font-size="9" fill="#555">${label}</text>`);
  }
  out.push(`<text x="${left + width - 120}" y="${axisY + 12}" font-size="9" fill="#555">${window ? "cycles" : "ticks"}</text>`);
  out.push("</svg>");
  return out.join("\n");
}

type Scalar = number | string | boolean;

/** A counterexample as waveforms: booleans as levels, other values as labelled boxes. */
export function waveformSvg(trace: readonly TraceStep[], violationTick: number, maxTicks = 60): string {
  const shown = trace.length > maxTicks ? trace.slice(Math.max(0, violationTick - maxTicks + 1), violationTick + 1) : trace;
  const signals: { name: string; group: "input" | "state" | "output"; values: Scalar[] }[] = [];
  const first = shown[0];
  if (!first) return svgOpen(10, 10, "empty trace") + "</svg>";
  for (const group of ["input", "state", "output"] as const) {
    const rec = group === "input" ? first.inputs : group === "state" ? first.state : first.outputs;
    for (const name of Object.keys(rec)) {
      const values = shown.map((s) => (group === "input" ? s.inputs : group === "state" ? s.state : s.outputs)[name]);
      if (values.some((v) => Array.isArray(v))) continue;
      signals.push({ name, group, values: values as Scalar[] });
    }
  }
  const left = 130;
  const cw = Math.max(18, Math.min(48, Math.floor(900 / shown.length)));
  const rowH = 24;
  const w = left + shown.length * cw + 10;
  const h = 30 + signals.length * rowH;
  const out = [svgOpen(w, h, "counterexample waveform")];
  shown.forEach((s, i) => {
    if (i % Math.max(1, Math.ceil(shown.length / 20)) === 0) out.push(`<text x="${left + i * cw}" y="12" font-size="9" fill="#555">${s.tick}</text>`);
    if (s.tick === violationTick) out.push(`<rect x="${left + i * cw}" y="16" width="${cw}" height="${h - 16}" fill="#ffebee"/>`);
  });
  signals.forEach((sig, r) => {
    const y = 22 + r * rowH;
    out.push(`<text x="4" y="${y + 14}" font-size="11" fill="${sig.group === "input" ? "#1565c0" : sig.group === "output" ? "#2e7d32" : "#333"}">${esc(sig.name)}</text>`);
    if (sig.values.every((v) => typeof v === "boolean")) {
      const d = sig.values.map((v, i) => `${i === 0 ? "M" : "L"}${left + i * cw},${v ? y + 4 : y + 18} L${left + (i + 1) * cw},${v ? y + 4 : y + 18}`).join(" ");
      out.push(`<path class="wave" d="${d}" fill="none" stroke="#1b5e20" stroke-width="1.5"/>`);
    } else {
      let start = 0;
      for (let i = 1; i <= sig.values.length; i++) {
        if (i < sig.values.length && sig.values[i] === sig.values[start]) continue;
        const x = left + start * cw;
        const bw = (i - start) * cw;
        out.push(`<rect x="${x + 1}" y="${y + 3}" width="${bw - 2}" height="16" fill="#fafafa" stroke="#90a4ae"/>`);
        const label = String(sig.values[start]);
        if (label.length * 6 < bw) out.push(`<text x="${x + 4}" y="${y + 15}" font-size="10">${esc(label)}</text>`);
        start = i;
      }
    }
  });
  out.push("</svg>");
  return out.join("\n");
}
