/**
 * Comment placement for the formatter.
 *
 * Input: the comments of a source file (from the parser's lexer) and its text.
 * Output: a CommentQueue the printer drains as it prints: `leading(offset)` hands out, in source
 * order, every pending comment that ends before a declaration or statement starting at `offset`
 * (printed on their own lines above it); `trailing(end)` hands out the comments that follow the
 * source construct ending at `end` on the same source line (printed at the end of the printed line).
 * `rest()` returns whatever is left (printed at the end of a block or file).
 * Invariants: every comment is handed out exactly once, in source order, so formatting never drops
 * a comment; a comment whose place has no line of its own (inside an expression) moves to the next
 * line boundary instead of disappearing.
 */
import type { Comment } from "../parse/index.js";

export class CommentQueue {
  private next = 0;
  constructor(
    private readonly comments: readonly Comment[],
    private readonly text: string,
  ) {}

  get pending(): boolean {
    return this.next < this.comments.length;
  }

  /** Comments ending at or before `offset`, with `blankBefore` when a blank line precedes one. */
  leading(offset: number): { comment: Comment; blankBefore: boolean }[] {
    const out: { comment: Comment; blankBefore: boolean }[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.end <= offset) {
      const c = this.comments[this.next++]!;
      out.push({ comment: c, blankBefore: this.blankLineBefore(c.offset) });
    }
    return out;
  }

  /** Comments on the same source line right after offset `end` (only blanks in between). */
  /** Offset just past the first `ch` at or after `from` that is not inside a comment (or `from`). */
  after(from: number, ch: string): number {
    let i = from;
    for (const c of this.comments) {
      if (c.end <= i) continue;
      const hit = this.text.indexOf(ch, i);
      if (hit < 0) return from;
      if (hit < c.offset) return hit + 1;
      i = c.end;
    }
    const hit = this.text.indexOf(ch, i);
    return hit < 0 ? from : hit + 1;
  }

  trailing(end: number): Comment[] {
    const out: Comment[] = [];
    let pos = end;
    while (this.next < this.comments.length) {
      const c = this.comments[this.next]!;
      if (c.offset < pos) break;
      const gap = this.text.slice(pos, c.offset);
      if (!/^[ \t;]*$/.test(gap)) break;
      out.push(c);
      this.next++;
      pos = c.end;
      if (!c.block) break;
    }
    return out;
  }

  rest(before = Number.POSITIVE_INFINITY): Comment[] {
    const out: Comment[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.offset < before) out.push(this.comments[this.next++]!);
    return out;
  }

  /** True when the source has an empty line between the previous code and `offset`. */
  blankLineBefore(offset: number): boolean {
    let i = offset - 1;
    while (i >= 0 && (this.text[i] === " " || this.text[i] === "\t" || this.text[i] === "\r")) i--;
    if (i < 0 || this.text[i] !== "\n") return false;
    i--;
    while (i >= 0 && (this.text[i] === " " || this.text[i] === "\t" || this.text[i] === "\r")) i--;
    return i >= 0 && this.text[i] === "\n";
  }
}
