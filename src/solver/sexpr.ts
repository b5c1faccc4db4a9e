/**
 * A small S-expression reader for solver output (SMT-LIB 2 answers and models).
 *
 * Input: text printed by a solver. Output: a tree (atoms are strings, lists are arrays) or the text of
 * each top-level item.
 * Invariants: comments (`;` to end of line) are skipped; `|quoted symbols|` are returned without the
 * bars; string literals keep their quotes; unbalanced input never throws: missing closing parens are
 * treated as present at the end of the text.
 */

export type SExpr = string | readonly SExpr[];

function isSpace(c: string): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f";
}

/** Returns [end offset (exclusive), atom text] of an atom starting at i (not a paren, not space). */
function readAtom(text: string, i: number): [number, string] {
  const c = text[i];
  if (c === "|") {
    const j = text.indexOf("|", i + 1);
    const end = j < 0 ? text.length : j + 1;
    return [end, text.slice(i + 1, j < 0 ? text.length : j)];
  }
  if (c === '"') {
    let j = i + 1;
    while (j < text.length) {
      if (text[j] === '"') {
        if (text[j + 1] === '"') {
          j += 2;
          continue;
        }
        j++;
        break;
      }
      j++;
    }
    return [j, text.slice(i, j)];
  }
  let j = i;
  while (j < text.length) {
    const d = text[j] ?? "";
    if (isSpace(d) || d === "(" || d === ")" || d === ";") break;
    j++;
  }
  return [j, text.slice(i, j)];
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i] ?? "";
    if (isSpace(c)) i++;
    else if (c === ";") {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl + 1;
    } else break;
  }
  return i;
}

/** Parses every top-level S-expression of `text`. */
export function parseSExprs(text: string): SExpr[] {
  const out: SExpr[] = [];
  const stack: SExpr[][] = [];
  let i = 0;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) break;
    const c = text[i];
    if (c === "(") {
      stack.push([]);
      i++;
    } else if (c === ")") {
      i++;
      const done = stack.pop();
      if (done === undefined) continue; // stray ')'
      const parent = stack[stack.length - 1];
      if (parent) parent.push(done);
      else out.push(done);
    } else {
      const [end, atom] = readAtom(text, i);
      i = end;
      const parent = stack[stack.length - 1];
      if (parent) parent.push(atom);
      else out.push(atom);
    }
  }
  while (stack.length > 0) {
    const done = stack.pop() ?? [];
    const parent = stack[stack.length - 1];
    if (parent) parent.push(done);
    else out.push(done);
  }
  return out;
}

/** The source text of each top-level item (atoms and balanced lists), trimmed. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) break;
    const start = i;
    if (text[i] === "(") {
      let depth = 0;
      while (i < text.length) {
        const c = text[i];
        if (c === "(") {
          depth++;
          i++;
        } else if (c === ")") {
          depth--;
          i++;
          if (depth === 0) break;
        } else if (c === ";") {
          const nl = text.indexOf("\n", i);
          i = nl < 0 ? text.length : nl + 1;
        } else if (c === '"' || c === "|") {
          i = readAtom(text, i)[0];
        } else i++;
      }
    } else if (text[i] === ")") {
      i++;
      continue;
    } else {
      i = readAtom(text, i)[0];
    }
    out.push(text.slice(start, i).trim());
  }
  return out;
}

/** Prints a tree back as SMT-LIB text (single line). */
export function printSExpr(e: SExpr): string {
  if (typeof e === "string") return e;
  return `(${e.map(printSExpr).join(" ")})`;
}
