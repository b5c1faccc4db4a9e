/**
 * The software bill of materials of the emitted firmware skeleton and of the tool, as CycloneDX 1.6
 * JSON, built with @cyclonedx/cyclonedx-library.
 *
 * Input: the device name, the emitted C files (name and content), the model's sha256, vigil's
 * version, and the root directory of vigil's installation (to read its package.json and the
 * versions of its runtime dependencies from node_modules).
 * Output: the SBOM text (pretty JSON) and the number of components in it.
 * Invariants: deterministic — no timestamp; the serial number is derived from the content hash; each
 * emitted file carries its sha256; every runtime dependency of vigil is listed with its version and
 * npm package URL. A dependency whose package.json cannot be read is listed without a version,
 * never dropped.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as CDX from "@cyclonedx/cyclonedx-library";

export interface SbomInput {
  readonly device: string;
  readonly modelSha256: string;
  readonly files: readonly { readonly name: string; readonly content: string }[];
  readonly vigilVersion: string;
  /** Directory holding vigil's package.json and node_modules. */
  readonly toolRoot: string;
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function npmComponent(name: string, version: string | undefined, license: string | undefined): CDX.Models.Component {
  const purl = `pkg:npm/${name.startsWith("@") ? "%40" + name.slice(1) : name}${version ? `@${version}` : ""}`;
  const c = new CDX.Models.Component(CDX.Enums.ComponentType.Library, name, { ...(version ? { version } : {}), purl, bomRef: purl });
  if (license) c.licenses.add(new CDX.Models.NamedLicense(license));
  return c;
}

export function buildSbom(inp: SbomInput): { json: string; components: number } {
  const bom = new CDX.Models.Bom();
  const fw = new CDX.Models.Component(CDX.Enums.ComponentType.Firmware, `${inp.device}-firmware-skeleton`, {
    version: inp.modelSha256.slice(0, 12),
    bomRef: "firmware",
    description: `C skeleton emitted by vigil ${inp.vigilVersion} from a model with sha256 ${inp.modelSha256}`,
  });
  fw.hashes.set(CDX.Enums.HashAlgorithm["SHA-256"], inp.modelSha256);
  bom.metadata.component = fw;
  for (const f of [...inp.files].sort((a, b) => a.name.localeCompare(b.name))) {
    const c = new CDX.Models.Component(CDX.Enums.ComponentType.File, f.name, { bomRef: `file:${f.name}` });
    c.hashes.set(CDX.Enums.HashAlgorithm["SHA-256"], sha256(f.content));
    bom.components.add(c);
    fw.dependencies.add(c.bomRef);
  }
  const pkg = readJson(join(inp.toolRoot, "package.json")) ?? {};
  const tool = new CDX.Models.Component(CDX.Enums.ComponentType.Application, "vigil", { version: inp.vigilVersion, bomRef: "tool:vigil", description: "formal-verification toolchain that proved and emitted the firmware skeleton" });
  if (typeof pkg.license === "string") tool.licenses.add(new CDX.Models.NamedLicense(pkg.license));
  bom.components.add(tool);
  const deps = Object.keys((pkg.dependencies as Record<string, string> | undefined) ?? {}).sort();
  for (const d of deps) {
    const dp = readJson(join(inp.toolRoot, "node_modules", d, "package.json"));
    const c = npmComponent(d, typeof dp?.version === "string" ? dp.version : undefined, typeof dp?.license === "string" ? dp.license : undefined);
    bom.components.add(c);
    tool.dependencies.add(c.bomRef);
  }
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, "vigil", { version: inp.vigilVersion }));
  bom.serialNumber = `urn:uuid:${uuidFrom(sha256(inp.modelSha256 + inp.vigilVersion + inp.files.map((f) => sha256(f.content)).join("")))}`;
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  const json = serializer.serialize(bom, { sortLists: true, space: 2 });
  return { json: json + "\n", components: bom.components.size };
}

/** A version-4-shaped UUID from the first 128 bits of a hex hash (deterministic). */
function uuidFrom(hex: string): string {
  const h = hex.slice(0, 32).split("");
  h[12] = "4";
  h[16] = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
