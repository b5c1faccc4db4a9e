/**
 * Renders the report model as one self-contained HTML file: inline CSS and SVG, no script, no
 * font, image or style sheet from anywhere else, readable offline and printable to PDF.
 *
 * Input: ReportModel and the drawings (architecture, timing bars, Gantt, waveforms) as SVG text.
 * Output: HTML text.
 * Invariants: every property of the model has a row with id `prop-NAME`; every text taken from the
 * model or its results is HTML-escaped; the only link is the relative SBOM file name.
 */
import type { ReportModel } from "./model.js";
import { esc } from "./svg.js";

export interface Drawings {
  readonly architecture: string;
  readonly bars?: string;
  readonly gantt?: string;
  /** The schedule from the critical instant to the latest response (zoomed). */
  readonly critical?: string;
  /** By obligation name. */
  readonly waveforms: ReadonlyMap<string, string>;
}

const CSS = `
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#1a1a1a;max-width:1200px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;border-bottom:2px solid #1a237e;padding-bottom:3px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0;font-size:12px;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef0f8}code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:11px}pre{white-space:pre-wrap;margin:0}
.proved{color:#1b5e20;font-weight:bold}.falsified{color:#b71c1c;font-weight:bold}.unknown{color:#e65100;font-weight:bold}.vacuous{color:#6a1b9a;font-weight:bold}
.meta{color:#444;font-size:12px}.svgbox{overflow-x:auto;border:1px solid #ddd;padding:6px;margin:8px 0}.small{font-size:11px;color:#555}
@media print{body{margin:8mm}.svgbox{overflow:visible;border:none}h2{break-after:avoid}table,svg{break-inside:avoid}}
`;

function status(s: string): string {
  return `<span class="${esc(s)}">${esc(s)}</span>`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ""): string {
  return `<table${cls ? ` class="${cls}"` : ""}><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function header(m: ReportModel): string {
  const s = m.summary;
  return `<h1>Assurance report: ${esc(m.device.name)}</h1>
<p class="meta">Model <code>${esc(m.model.path)}</code>, sha256 <code>${esc(m.model.sha256)}</code> · vigil ${esc(m.vigilVersion)}${m.proofs ? ` · proof bundle <code>${esc(m.proofs.dir)}</code> (${m.proofs.files} files)` : ""}${m.sbom ? ` · SBOM <a href="${esc(m.sbom.file)}">${esc(m.sbom.file)}</a> (CycloneDX, ${m.sbom.components} components)` : ""}</p>
<p>Overall verdict: ${status(s.overall)} — ${s.total} obligations: ${s.proved} proved, ${s.falsified} falsified, ${s.unknown} unknown, ${s.vacuous} vacuous. Unknown is never counted as a pass.</p>`;
}

function device(m: ReportModel): string {
  return `<h2 id="device">1. Device</h2>
<p>Target <b>${esc(m.device.target)}</b> at ${m.device.clockHz / 1e6} MHz, logical tick ${esc(m.device.tick)}.</p>
${table(["domain", "integrity", "confidentiality"], m.domains.map((d) => [esc(d.name), esc(d.integrity), esc(d.confidentiality)]))}
${table(["task", "release", "deadline", "priority", "domain"], m.tasks.map((t) => [`<b>${esc(t.name)}</b>`, esc(t.release), esc(t.deadline), String(t.priority), esc(t.domain)]))}`;
}

function traceabilitySection(m: ReportModel): string {
  const rows = m.traceability.map((r) => {
    const obl = r.obligations.length === 0 ? `<span class="small">no obligation (not part of this run)</span>` : r.obligations
      .map((o) => `${esc(o.name)} [${esc(o.kind)}]: ${status(o.status)} by ${esc(o.engine)}, ${(o.timeMs / 1000).toFixed(2)} s<br><span class="small">${esc(o.detail.length > 300 ? o.detail.slice(0, 300) + "…" : o.detail)}</span>` +
        (o.evidence.length ? `<br><span class="small">${o.evidence.map((e) => `<code>${esc(e.file)}</code> sha256 <code>${esc(e.sha256.slice(0, 16))}…</code>`).join("<br>")}</span>` : ""))
      .join("<hr>");
    const code = r.code.length === 0 ? `<span class="small">—</span>` : r.code.map((c) => `<code>${esc(c.file)}</code> ${esc(c.fn || "(file scope)")}: lines ${c.lines.length > 12 ? `${c.lines[0]}–${c.lines[c.lines.length - 1]}` : c.lines.join(", ")}`).join("<br>");
    return [`<span id="prop-${esc(r.property)}"><b>${esc(r.property)}</b></span> <span class="small">(${esc(r.kind)}${r.line ? `, line ${r.line}` : ""})</span><br><pre>${esc(r.text)}</pre>`, obl, code];
  });
  return `<h2 id="traceability">2. Traceability</h2>
<p class="small">Each requirement (property) → the proof obligations it produced → verdict, engine and evidence → the emitted C that implements what it is about (from the source-line comments the C backend puts on every statement).</p>
${table(["property (source)", "obligations → verdict, evidence", "emitted code"], rows)}`;
}

function architectureSection(m: ReportModel, d: Drawings): string {
  const crossings = m.architecture.edges.filter((e) => e.crossesBoundary);
  const rows = crossings.map((e) => [esc(e.from.slice(2)), esc(e.to.slice(2)), esc(e.kind), esc(e.note ?? ""), e.coveredBy.length ? e.coveredBy.map(esc).join(", ") : `<span class="unknown">none</span>`]);
  return `<h2 id="architecture">3. Security architecture</h2>
<p class="small">Trust zones (domains) with their integrity and confidentiality; inputs, outputs and interrupt lines at the device boundary; tasks and state inside their zones; every data flow; endorse and declassify crossings marked. Laid out with ELK.</p>
<div class="svgbox">${d.architecture}</div>
<h3>Trust-boundary crossings</h3>
${table(["from", "to", "kind", "validator / level", "covered by"], rows)}
<h3>Threats from untrusted inputs</h3>
${table(["untrusted source", "domain", "may reach (trusted)", "through endorse", "bounded by"], m.threats.map((t) => [esc(t.source), esc(t.domain), t.reaches.length ? t.reaches.map(esc).join(", ") : "nothing trusted", t.through.map(esc).join(", ") || "—", t.boundedBy.map((b) => `${esc(b.obligation)}: ${status(b.status)}`).join("<br>") || `<span class="unknown">no proof</span>`]))}`;
}

function timingSection(m: ReportModel, d: Drawings): string {
  const t = m.timing;
  if (!t) return `<h2 id="timing">4. Timing</h2><p>No timing analysis for this model's target.</p>`;
  return `<h2 id="timing">4. Timing</h2>
<p>Target ${esc(t.target)} at ${t.clockHz / 1e6} MHz: ${t.tickCycles} cycles per tick, tick ISR ${t.tickIsrCycles} cycles${t.utilization !== undefined ? `, utilization ${(t.utilization * 100).toFixed(1)} %` : ""}.</p>
<div class="svgbox">${d.bars ?? ""}</div>
<h3>Schedule of one hyperperiod (worst-case interrupt arrivals)</h3>
<div class="svgbox">${d.gantt ?? ""}</div>
<div class="svgbox">${d.critical ?? ""}</div>`;
}

function cexSection(m: ReportModel, d: Drawings): string {
  if (m.counterexamples.length === 0) return `<h2 id="counterexamples">5. Counterexamples</h2><p>None: no obligation was falsified.</p>`;
  return `<h2 id="counterexamples">5. Counterexamples</h2>` +
    m.counterexamples.map((c) => `<h3>${esc(c.obligation)} (line ${c.line}), violated at tick ${c.tick}</h3><p>${esc(c.explanation)}</p><p class="small">Replayed through the reference interpreter.${c.otherTrace ? " Two-run counterexample: run 1 shown." : ""}</p><div class="svgbox">${d.waveforms.get(c.obligation) ?? ""}</div>`).join("\n");
}

export function renderHtml(m: ReportModel, d: Drawings): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vigil ${esc(m.vigilVersion)}">
<title>vigil report: ${esc(m.device.name)}</title><style>${CSS}</style></head>
<body>
${header(m)}
${device(m)}
${traceabilitySection(m)}
${architectureSection(m, d)}
${timingSection(m, d)}
${cexSection(m, d)}
<h2 id="sbom">6. Software bill of materials</h2>
<p>${m.sbom ? `CycloneDX 1.6 JSON: <a href="${esc(m.sbom.file)}">${esc(m.sbom.file)}</a>, ${m.sbom.components} components (the emitted skeleton's files with their sha256, vigil and its runtime dependencies).` : "Not written."}</p>
${m.warnings.length ? `<h2 id="warnings">7. Checker warnings</h2><ul>${m.warnings.map((w) => `<li><code>${esc(w)}</code></li>`).join("")}</ul>` : ""}
</body></html>
`;
}
