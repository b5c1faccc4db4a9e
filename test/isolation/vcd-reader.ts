// A small VCD reader for the tests: checks the structure strictly (header keywords, one $var per
// identifier, scopes closed, timestamps strictly increasing, every value change names a declared
// identifier and fits its width) and answers "value of signal S at time T" (the last change at or
// before T; undefined for x).
export interface Vcd {
  readonly timescale: string;
  /** Signal names per scope, in declaration order. */
  readonly scopes: ReadonlyMap<string, readonly string[]>;
  /** Width by "scope.name". */
  readonly width: ReadonlyMap<string, number>;
  readonly times: readonly number[];
  at(signal: string, time: number): bigint | undefined;
}

export function readVcd(text: string): Vcd {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let i = 0;
  let timescale = "";
  const scopes = new Map<string, string[]>();
  const width = new Map<string, number>();
  const byId = new Map<string, string>();
  const stack: string[] = [];
  const skipTo = (): string[] => {
    const out: string[] = [];
    while (i < tokens.length && tokens[i] !== "$end") out.push(tokens[i++] ?? "");
    if (tokens[i] !== "$end") throw new Error("vcd: missing $end");
    i++;
    return out;
  };
  for (;;) {
    const t = tokens[i++];
    if (t === undefined) throw new Error("vcd: no $enddefinitions");
    if (t === "$enddefinitions") {
      skipTo();
      break;
    }
    if (t === "$timescale") timescale = skipTo().join(" ");
    else if (t === "$version" || t === "$comment" || t === "$date") skipTo();
    else if (t === "$scope") {
      const [kind, name] = skipTo();
      if (kind !== "module" || !name) throw new Error("vcd: bad $scope");
      stack.push(name);
      if (!scopes.has(name)) scopes.set(name, []);
    } else if (t === "$upscope") {
      skipTo();
      if (!stack.pop()) throw new Error("vcd: unbalanced $upscope");
    } else if (t === "$var") {
      const [type, w, id, name, ...rest] = skipTo();
      const scope = stack[stack.length - 1];
      if (!type || !w || !id || !name || rest.length > 0 || !scope) throw new Error(`vcd: bad $var ${[type, w, id, name, ...rest].join(" ")}`);
      if (byId.has(id)) throw new Error(`vcd: identifier ${id} declared twice`);
      if (id.includes("#") || id.includes("$")) throw new Error(`vcd: identifier ${id} contains # or $`);
      byId.set(id, `${scope}.${name}`);
      width.set(`${scope}.${name}`, Number(w));
      scopes.get(scope)?.push(name);
    } else throw new Error(`vcd: unexpected ${t} in the header`);
  }
  if (stack.length > 0) throw new Error("vcd: unclosed $scope");
  const times: number[] = [];
  const changes = new Map<string, { time: number; value: bigint | undefined }[]>();
  let now = -1;
  const set = (id: string, bits: string): void => {
    const sig = byId.get(id);
    if (sig === undefined) throw new Error(`vcd: value for undeclared identifier ${id}`);
    const w = width.get(sig) ?? 0;
    if (bits.length > w) throw new Error(`vcd: ${bits} is wider than ${sig}'s ${w} bits`);
    if (now < 0) throw new Error("vcd: value before the first timestamp");
    const value = /^[01]+$/.test(bits) ? BigInt(`0b${bits}`) : /^x+$/.test(bits) ? undefined : (() => {
      throw new Error(`vcd: bad value ${bits}`);
    })();
    (changes.get(sig) ?? changes.set(sig, []).get(sig))?.push({ time: now, value });
  };
  while (i < tokens.length) {
    const t = tokens[i++] ?? "";
    if (t.startsWith("#")) {
      const time = Number(t.slice(1));
      if (!Number.isInteger(time) || time <= now) throw new Error(`vcd: timestamp ${t} does not increase`);
      now = time;
      times.push(time);
    } else if (t === "$dumpvars" || t === "$end") continue;
    else if (t.startsWith("b")) set(tokens[i++] ?? "", t.slice(1));
    else if (/^[01x]/.test(t)) set(t.slice(1), t[0] ?? "");
    else throw new Error(`vcd: unexpected ${t}`);
  }
  return {
    timescale,
    scopes,
    width,
    times,
    at(signal: string, time: number): bigint | undefined {
      const cs = changes.get(signal);
      if (!cs) throw new Error(`vcd: no signal ${signal}`);
      let v: bigint | undefined;
      let seen = false;
      for (const c of cs) {
        if (c.time > time) break;
        v = c.value;
        seen = true;
      }
      if (!seen) throw new Error(`vcd: ${signal} has no value at ${time}`);
      return v;
    },
  };
}
