/**
 * vigil's fast lexer: the token rules of grammar/Vigil.g4, hand-coded for speed.
 *
 * Input: a file's text. Output: default-channel tokens (antlr4ng CommonTokens with the token types
 * of the generated VigilLexer, ending with EOF) — on demand (StreamLexer, an ANTLR TokenSource) or
 * all at once (lex) — plus the comments (for the formatter) and the lexical diagnostics (VG1001
 * unexpected character, VG1002 unterminated comment, VG1003 unterminated string, VG1021
 * malformed number).
 * Invariants: it accepts exactly the language of the grammar's lexer rules (test/parse/lexer.test.ts
 * compares it with the generated lexer on the examples and on random mutations of them), except
 * that (a) whitespace and comments are not tokens, (b) ERROR_CHAR tokens are reported and dropped,
 * an UNTERMINATED_STRING becomes a STRING, and (c) a number literal directly followed by letters,
 * digits or a `.word` part (`0b102`, `1e5`, `1.5.2`) becomes one INT token reported as malformed
 * (a unit right after a number, `5ms`, stays a unit). Offsets are UTF-16 indices; ANTLR columns
 * are 0-based, lines 1-based. It never throws; it is the only lexer used outside tests.
 */
import { CommonToken, CommonTokenFactory, Token, type TokenSource } from "antlr4ng";
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

const PUNCT2 = new Set([":=", "=>", "->", "..", "==", "!=", "<=", ">="]);
const UNIT_WORDS = new Set(["us", "ms", "s", "Hz", "kHz", "MHz"]);

/** A nesting guard fed token by token (see depth.ts); true once the limit is exceeded. */
export interface TokenGuard {
  step(type: number): boolean;
}

/**
 * The lexer as an ANTLR TokenSource: tokens are produced on demand, so a parser reading them
 * through an unbuffered stream never holds the whole file's tokens. Comments and diagnostics are
 * collected as it goes. With a guard, lexing stops (EOF) as soon as the guard trips (`tripped`).
 */
export class StreamLexer implements TokenSource {
  readonly comments: Comment[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Offsets of tokens whose syntax error a lexical diagnostic already explains. */
  readonly quiet = new Set<number>();
  /** Number of tokens produced (EOF excluded). */
  count = 0;
  tripped?: Token;
  line = 1;
  column = 0;
  sourceName: string;
  inputStream = null;
  tokenFactory = CommonTokenFactory.DEFAULT;

  private readonly text: string;
  private readonly n: number;
  private i = 0;
  private lineStart = 0;
  private quietNext = false;
  private eof?: CommonToken;
  private readonly numOut = { type: 0 };

  constructor(
    private readonly src: SourceFile,
    private readonly guard?: TokenGuard,
  ) {
    this.text = src.text;
    this.n = src.text.length;
    this.sourceName = src.path;
  }

  private make(type: number, start: number, end: number, line: number, col: number): CommonToken {
    const t = CommonToken.fromSource(NO_SOURCE, type, 0, start, end - 1);
    t.line = line;
    t.column = col;
    t.tokenIndex = this.count++;
    t.text = this.text.slice(start, end);
    if (this.quietNext) {
      this.quiet.add(start);
      this.quietNext = false;
    }
    if (this.guard && this.guard.step(type)) {
      this.tripped = t;
      this.i = this.n;
    }
    return t;
  }

  private skipLines(from: number, to: number): void {
    const text = this.text;
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        this.line++;
        this.lineStart = k + 1;
      }
    }
  }

  /** End of the word token (identifier/keyword or number) starting at `p`. */
  private wordEnd(p: number): number {
    if (isDigit(this.text.charCodeAt(p))) return p + scanNumber(this.text, p, this.numOut);
    let k = p + 1;
    while (k < this.n && isIdPart(this.text.charCodeAt(k))) k++;
    return k;
  }

  nextToken(): Token {
    const text = this.text;
    const n = this.n;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13 || c === 12) {
        i++;
        continue;
      }
      if (c === 10) {
        i++;
        this.line++;
        this.lineStart = i;
        continue;
      }
      const line = this.line;
      const col = i - this.lineStart;
      if (c === 47 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          let j = i + 2;
          while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
          this.comments.push({ text: text.slice(i, j), offset: i, end: j, block: false });
          i = j;
          continue;
        }
        if (d === 42) {
          const close = text.indexOf("*/", i + 2);
          const j = close < 0 ? n : close + 2;
          if (close < 0) {
            this.diagnostics.push(
              diag("VG1002", spanAt(this.src, i, 2), "this block comment is never closed: '*/' is missing", {
                notes: ["a '/*' comment runs until the next '*/'; add one where the comment should end"],
              }),
            );
          } else {
            this.comments.push({ text: text.slice(i, j), offset: i, end: j, block: true });
          }
          this.skipLines(i, j);
          i = j;
          continue;
        }
      }
      if (isIdStart(c)) {
        let j = i + 1;
        while (j < n && isIdPart(text.charCodeAt(j))) j++;
        this.i = j;
        return this.make(LITERALS.get(text.slice(i, j)) ?? L.ID, i, j, line, col);
      }
      if (isDigit(c)) {
        const len = scanNumber(text, i, this.numOut);
        const type = this.numOut.type;
        // A number run on by letters, digits or `.word` is one malformed literal (see the header).
        let j = i + len;
        let merged = false;
        for (;;) {
          if (j < n && isIdPart(text.charCodeAt(j))) {
            const k = this.wordEnd(j);
            if (!merged && !isDigit(text.charCodeAt(j)) && UNIT_WORDS.has(text.slice(j, k))) break;
            j = k;
            merged = true;
          } else if (j + 1 < n && text.charCodeAt(j) === 46 && isIdPart(text.charCodeAt(j + 1))) {
            j = this.wordEnd(j + 1);
            merged = true;
          } else break;
        }
        this.i = j;
        if (merged) {
          const bad = text.slice(i, j);
          this.diagnostics.push(
            diag("VG1021", spanAt(this.src, i, j - i), `malformed number '${bad}'`, {
              notes: ["numbers are decimal (1_000), hexadecimal (0x3F), binary (0b1010) or decimal fractions (1.5); put a space before a unit (5 ms)"],
            }),
          );
          return this.make(L.INT, i, j, line, col);
        }
        return this.make(type, i, j, line, col);
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
        if (!closed) {
          this.quiet.add(i);
          this.diagnostics.push(diag("VG1003", spanAt(this.src, i, j - i), "this string is never closed: '\"' is missing before the end of the line"));
        }
        this.skipLines(i, j);
        this.i = j;
        return this.make(L.STRING, i, j, line, col);
      }
      if (i + 1 < n) {
        const two = text.slice(i, i + 2);
        if (PUNCT2.has(two)) {
          this.i = i + 2;
          return this.make(LITERALS.get(two)!, i, i + 2, line, col);
        }
      }
      const one = LITERALS.get(text[i]!);
      if (one !== undefined) {
        this.i = i + 1;
        return this.make(one, i, i + 1, line, col);
      }
      // anything else: one code point, reported and dropped
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      const shown = c < 32 || c === 127 ? `\\u{${c.toString(16)}}` : text.slice(i, i + width);
      this.diagnostics.push(diag("VG1001", spanAt(this.src, i, width), `unexpected character '${shown}'`));
      this.quietNext = true;
      i += width;
    }
    this.i = i;
    if (!this.eof) {
      if (this.quietNext) this.quiet.add(n);
      const eof = CommonToken.fromSource(NO_SOURCE, Token.EOF, 0, n, n - 1);
      eof.line = this.line;
      eof.column = n - this.lineStart;
      eof.tokenIndex = this.count;
      eof.text = "<EOF>";
      this.eof = eof;
    }
    return this.eof;
  }
}

/** The whole file's tokens at once (ending with EOF), its comments and lexical diagnostics. */
export function lex(src: SourceFile): LexResult {
  const sl = new StreamLexer(src);
  const tokens: CommonToken[] = [];
  for (;;) {
    const t = sl.nextToken() as CommonToken;
    tokens.push(t);
    if (t.type === Token.EOF) break;
  }
  return { tokens, quiet: sl.quiet, comments: sl.comments, diagnostics: sl.diagnostics };
}

function isWordToken(t: Token): boolean {
  const s = t.text ?? "";
  return t.type !== Token.EOF && s.length > 0 && (isIdStart(s.charCodeAt(0)) || isDigit(s.charCodeAt(0)));
}

/**
 * Reference version of the malformed-number rule on a token list (the lexer applies it while
 * scanning; test/parse/lexer.test.ts checks both agree).
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
