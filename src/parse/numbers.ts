/**
 * Number literals: text as written → exact value.
 *
 * Input: the text of an INT or DECIMAL token (`1_000`, `0x3F`, `0b1010`, `1.5`).
 * Output: `{ num, scale }` with value = num / 10^scale, or undefined when malformed (an underscore
 * not between two digits, a digit outside the base, anything else).
 * Invariants: exact (BigInt), never throws.
 */
export interface NumberValue {
  readonly num: bigint;
  readonly scale: number;
}

const DEC = /^[0-9]+(?:_[0-9]+)*$/;
const HEX = /^0x[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/;
const BIN = /^0b[01]+(?:_[01]+)*$/;

export function parseNumberText(text: string): NumberValue | undefined {
  if (DEC.test(text)) return { num: BigInt(text.replace(/_/g, "")), scale: 0 };
  if (HEX.test(text) || BIN.test(text)) return { num: BigInt(text.replace(/_/g, "")), scale: 0 };
  const dot = text.indexOf(".");
  if (dot > 0) {
    const whole = text.slice(0, dot);
    const frac = text.slice(dot + 1);
    if (DEC.test(whole) && DEC.test(frac)) {
      const digits = frac.replace(/_/g, "");
      return { num: BigInt(whole.replace(/_/g, "") + digits), scale: digits.length };
    }
  }
  return undefined;
}
