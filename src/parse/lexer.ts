/**
 * vigil's fast lexer: the token rules of grammar/Vigil.g4, hand-coded for speed.
 *
 * Input: a file's text. Output: the default-channel tokens (antlr4ng CommonTokens with the token
 * types of the generated VigilLexer, ending with EOF), the comments (for the formatter) and the
 * lexical diagnostics (VG1001 unexpected character, VG1002 unterminated comment, VG1003 unterminated
 * string, VG1021 malformed number).
 * Invariants: it accepts exactly the language of the grammar's lexer rules (test/parse/lexer.test.ts
 * compares it with the generated lexer on the examples and on random mutations of them), except
 * that (a) whitespace and comments are not tokens, (b) ERROR_CHAR tokens are reported and dropped,
 * an UNTERMINATED_STRING becomes a STRING, and (c) a number literal directly followed by letters,
 * digits or a `.digits` part (`0b102`, `1e5`, `1.5.2`) becomes one INT token reported as malformed.
 * Offsets are UTF-16 indices; ANTLR columns are 0-based, lines 1-based. It never throws.
 */
import { CommonToken, Token } from "antlr4ng";
import { VigilLexer as L } from "./generated/VigilLexer.js";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { spanAt, type SourceFile } from "../source/span.js";

export interface Comment {
  readonly text: string;
  readonly offset: number;
  readonly end: number;
  readonly block: boolean;
}

export interface LexResult {
  readonly tokens: CommonToken[];
  /** Offsets of tokens whose syntax error a lexical diagnostic already explains. */
  readonly quiet: Set<number>;
  readonly comments: Comment[];
  readonly diagnostics: Diagnostic[];
}

/** Keyword and punctuation spellings to token types, derived from the generated vocabulary. */
const LITERALS = new Map<string, number>();
for (let t = 1; t < L.literalNames.length; t++) {
  const lit = L.literalNames[t];
  if (lit) LITERALS.set(lit.slice(1, -1), t);
}

const UNIT_TYPES = new Set<number>([L.US, L.MS, L.S, L.HZ, L.KHZ, L.MHZ]);
const NO_SOURCE: [null, null] = [null, null];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || isDigit(c);
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Length of the longest match of INT or DECIMAL at `i` (text[i] is a digit); type in `out`. */
function scanNumber(text: string, i: number, out: { type: number }): number {
  const n = text.length;
  let best = 0;
  let type: number = L.INT;
  // decimal integer and DECIMAL
  let j = i + 1;
  while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
  best = j - i;
  if (j + 1 < n && text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
    let k = j + 2;
    while (k < n && (isDigit(text.charCodeAt(k)) || text.charCodeAt(k) === 95)) k++;
    best = k - i;
    type = L.DECIMAL;
  }
  if (text.charCodeAt(i) === 48 && i + 2 < n) {
    const x = text.charCodeAt(i + 1);
    if (x === 120 && isHex(text.charCodeAt(i + 2))) {
      let k = i + 3;
      while (k < n && (isHex(text.charCodeAt(k)) || text.charCodeAt(k) === 95)) k++;
      if (k - i > best) {
        best = k - i;
        type = L.INT;
      }
    } else if (x === 98 && (text.charCodeAt(i + 2) === 48 || text.charCodeAt(i + 2) === 49)) {
      let k = i + 3;
      while (k < n && (text.charCodeAt(k) === 48 || text.charCodeAt(k) === 49 || text.charCodeAt(k) === 95)) k++;
      if (k - i > best) {
        best = k - i;
        type = L.INT;
      }
    }
  }
  out.type = type;
  return best;
}

const PUNCT2 = [":=", "=>", "->", "..", "==", "!=", "<=", ">="];

export function lex(src: SourceFile): LexResult {
  const text = src.text;
  const n = text.length;
  const tokens: CommonToken[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const numOut = { type: 0 };
  const quiet = new Set<number>();
  let quietNext = false;

  const push = (type: number, start: number, end: number): CommonToken => {
    const t = CommonToken.fromSource(NO_SOURCE, type, 0, start, end - 1);
    t.line = line;
    t.column = start - lineStart;
    t.tokenIndex = tokens.length;
    t.text = text.slice(start, end);
    tokens.push(t);
    if (quietNext) {
      quiet.add(start);
      quietNext = false;
    }
    return t;
  };
  /** Advance line bookkeeping over text[from, to). */
  const skipLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 13 || c === 12) {
      i++;
      continue;
    }
    if (c === 10) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    // comments
    if (c === 47 && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        comments.push({ text: text.slice(i, j), offset: i, end: j, block: false });
        i = j;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf("*/", i + 2);
        const j = close < 0 ? n : close + 2;
        if (close < 0) {
          diagnostics.push(
            diag("VG1002", spanAt(src, i, 2), "this block comment is never closed: '*/' is missing", {
              notes: ["a '/*' comment runs until the next '*/'; add one where the comment should end"],
            }),
          );
        } else {
          comments.push({ text: text.slice(i, j), offset: i, end: j, block: true });
        }
        skipLines(i, j);
        i = j;
        continue;
      }
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      const word = text.slice(i, j);
      push(LITERALS.get(word) ?? L.ID, i, j);
      i = j;
      continue;
    }
    if (isDigit(c)) {
      const len = scanNumber(text, i, numOut);
      push(numOut.type, i, i + len);
      i += len;
      continue;
    }
    if (c === 34) {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 34) {
          closed = true;
          j++;
          break;
        }
        if (d === 10 || d === 13) break;
        if (d === 92) {
          // `\x` escapes any character (a newline too); a lone `\` at the very end is not part of it
          if (j + 1 >= n) break;
          j += 2;
          continue;
        }
        j++;
      }
      const startLine = line;
      const startCol = i - lineStart;
      if (!closed) {
        quiet.add(i);
        diagnostics.push(
          diag("VG1003", spanAt(src, i, j - i), "this string is never closed: '\"' is missing before the end of the line"),
        );
      }
      const t = CommonToken.fromSource(NO_SOURCE, L.STRING, 0, i, j - 1);
      t.line = startLine;
      t.column = startCol;
      t.tokenIndex = tokens.length;
      t.text = text.slice(i, j);
      tokens.push(t);
      skipLines(i, j);
      i = j;
      continue;
    }
    // punctuation
    if (i + 1 < n) {
      const two = text.slice(i, i + 2);
      if (PUNCT2.includes(two)) {
        push(LITERALS.get(two)!, i, i + 2);
        i += 2;
        continue;
      }
    }
    const one = LITERALS.get(text[i]!);
    if (one !== undefined) {
      push(one, i, i + 1);
      i++;
      continue;
    }
    // anything else: one code point
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const ch = text.slice(i, i + width);
    const shown = c < 32 || c === 127 ? `\\u{${c.toString(16)}}` : ch;
    diagnostics.push(diag("VG1001", spanAt(src, i, width), `unexpected character '${shown}'`));
    quietNext = true;
    i += width;
  }
  const eof = CommonToken.fromSource(NO_SOURCE, Token.EOF, 0, n, n - 1);
  eof.line = line;
  eof.column = n - lineStart;
  eof.tokenIndex = tokens.length;
  eof.text = "<EOF>";
  tokens.push(eof);
  if (quietNext) quiet.add(n);
  return { tokens: mergeMalformedNumbers(src, tokens, diagnostics), quiet, comments, diagnostics };
}

function isWordToken(t: Token): boolean {
  const s = t.text ?? "";
  return t.type !== Token.EOF && s.length > 0 && (isIdStart(s.charCodeAt(0)) || isDigit(s.charCodeAt(0)));
}

/**
 * A number immediately followed (no space) by letters/digits that are not a unit, or by `.` and
 * more digits, is one malformed literal: merge it into a single INT token and report VG1021.
 */
export function mergeMalformedNumbers(src: SourceFile, tokens: CommonToken[], diagnostics: Diagnostic[]): CommonToken[] {
  let out: CommonToken[] | undefined;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.type !== L.INT && t.type !== L.DECIMAL) {
      if (out) {
        t.tokenIndex = out.length;
        out.push(t);
      }
      continue;
    }
    let end = k;
    for (;;) {
      const next = tokens[end + 1];
      const prev = tokens[end]!;
      if (!next || next.start !== prev.stop + 1) break;
      if (isWordToken(next) && !(UNIT_TYPES.has(next.type) && end === k)) {
        end++;
        continue;
      }
      const after = tokens[end + 2];
      if (next.type === L.DOT && after && after.start === next.stop + 1 && isWordToken(after)) {
        end += 2;
        continue;
      }
      break;
    }
    if (end === k) {
      if (out) {
        t.tokenIndex = out.length;
        out.push(t);
      }
      continue;
    }
    if (!out) out = tokens.slice(0, k);
    const last = tokens[end]!;
    const merged = CommonToken.fromSource(NO_SOURCE, L.INT, 0, t.start, last.stop);
    merged.line = t.line;
    merged.column = t.column;
    merged.tokenIndex = out.length;
    merged.text = src.text.slice(t.start, last.stop + 1);
    out.push(merged);
    diagnostics.push(
      diag("VG1021", spanAt(src, t.start, last.stop + 1 - t.start), `malformed number '${merged.text}'`, {
        notes: ["numbers are decimal (1_000), hexadecimal (0x3F), binary (0b1010) or decimal fractions (1.5); put a space before a unit (5 ms)"],
      }),
    );
    k = end;
  }
  return out ?? tokens;
}
