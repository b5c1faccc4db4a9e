/**
 * Lays out the security architecture view with ELK (elkjs, layered algorithm): trust zones are
 * compound nodes holding their tasks, stores and boundary ports; edges are routed orthogonally
 * across zone boundaries.
 *
 * Input: an ArchitectureView (architecture.ts). Output: PositionedView — absolute coordinates of
 * every zone and node, and the polyline of every edge.
 * Invariants: every zone, node and edge of the view appears exactly once in the result (same ids);
 * the layout is deterministic for a given view (ELK is deterministic with a fixed seed).
 */
import ELKModule from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { ArchitectureView, ArchEdge, ArchNode, Zone } from "./architecture.js";

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface PositionedView {
  readonly width: number;
  readonly height: number;
  readonly zones: readonly (Zone & { readonly box: Box })[];
  readonly nodes: readonly (ArchNode & { readonly box: Box })[];
  readonly edges: readonly (ArchEdge & { readonly points: readonly { x: number; y: number }[] })[];
}

const CHAR_W = 7;
const NODE_H = 34;

function nodeSize(n: ArchNode): { width: number; height: number } {
  const text = Math.max(n.label.length, Math.min((n.detail ?? "").length, 44) * 0.85);
  return { width: Math.max(70, Math.round(text * CHAR_W) + 24), height: n.detail ? NODE_H + 14 : NODE_H };
}

interface ElkCtor {
  new (): { layout(g: ElkNode): Promise<ElkNode> };
}

export async function layoutView(view: ArchitectureView): Promise<PositionedView> {
  const ELK = ((ELKModule as unknown as { default?: ElkCtor }).default ?? ELKModule) as unknown as ElkCtor;
  const elk = new ELK();
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "18",
      "elk.layered.spacing.nodeNodeBetweenLayers": "36",
      "elk.padding": "[top=12,left=12,bottom=12,right=12]",
      "elk.randomSeed": "1",
      "elk.json.edgeCoords": "ROOT",
    },
    children: view.zones.map((z) => ({
      id: z.id,
      layoutOptions: { "elk.padding": "[top=34,left=14,bottom=14,right=14]" },
      children: view.nodes.filter((n) => n.zone === z.id).map((n) => ({ id: n.id, ...nodeSize(n) })),
    })),
    edges: view.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
  const out = await elk.layout(graph);
  const zoneBox = new Map<string, Box>();
  const nodeBox = new Map<string, Box>();
  for (const z of out.children ?? []) {
    const zx = z.x ?? 0;
    const zy = z.y ?? 0;
    zoneBox.set(z.id, { x: zx, y: zy, w: z.width ?? 0, h: z.height ?? 0 });
    for (const n of z.children ?? []) nodeBox.set(n.id, { x: zx + (n.x ?? 0), y: zy + (n.y ?? 0), w: n.width ?? 0, h: n.height ?? 0 });
  }
  const edgePoints = new Map<string, { x: number; y: number }[]>();
  const collect = (node: ElkNode, ox: number, oy: number): void => {
    for (const e of node.edges ?? []) {
      const pts: { x: number; y: number }[] = [];
      for (const s of e.sections ?? []) {
        pts.push({ x: ox + s.startPoint.x, y: oy + s.startPoint.y });
        for (const b of s.bendPoints ?? []) pts.push({ x: ox + b.x, y: oy + b.y });
        pts.push({ x: ox + s.endPoint.x, y: oy + s.endPoint.y });
      }
      edgePoints.set(e.id, pts);
    }
    for (const c of node.children ?? []) collect(c, ox + (c.x ?? 0), oy + (c.y ?? 0));
  };
  collect(out, 0, 0);
  const centre = (b: Box | undefined): { x: number; y: number } => (b ? { x: b.x + b.w / 2, y: b.y + b.h / 2 } : { x: 0, y: 0 });
  return {
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
    zones: view.zones.map((z) => ({ ...z, box: zoneBox.get(z.id) ?? { x: 0, y: 0, w: 0, h: 0 } })),
    nodes: view.nodes.map((n) => ({ ...n, box: nodeBox.get(n.id) ?? { x: 0, y: 0, w: 0, h: 0 } })),
    edges: view.edges.map((e) => ({ ...e, points: edgePoints.get(e.id) ?? [centre(nodeBox.get(e.from)), centre(nodeBox.get(e.to))] })),
  };
}
