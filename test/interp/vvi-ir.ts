/**
 * The VVI pacemaker (examples/vvi-pacemaker.vgl) lowered by hand, so the interpreter can be tested
 * independently of the parser, checker and lowering.
 */
import type { IrProgram, IrScalarType } from "../../src/ir/ir.js";
import { BOOL, SP, assign, bin, c, iff, int, program, rangeAssert, task, v } from "./build.js";

const TIME_SV: IrScalarType = int(0, 2_000_000, "time");
const TIME_LRI: IrScalarType = int(400_000, 2_000_000, "time");
const U16: IrScalarType = int(0, 65535);

export function vviIr(): IrProgram {
  const since_v = v("since_v", "state", TIME_SV);
  const lri = v("lri", "state", TIME_LRI);
  const pending = v("pending", "state", U16);
  const vsense = v("vsense", "input", BOOL);
  const prog_lri = v("prog_lri", "input", U16);
  const svPlus = bin("add", since_v, c(1000, int(1000, 1000, "time")));
  const pendUs = bin("mul", pending, c(1000));
  return program({
    inputs: [
      { name: "vsense", role: "input", type: BOOL, domain: "therapy", span: SP },
      { name: "prog_lri", role: "input", type: U16, domain: "telemetry", span: SP },
    ],
    irqs: [{ name: "UART0", task: "radio", domain: "telemetry", span: SP }],
    state: [
      { name: "since_v", role: "state", type: TIME_SV, domain: "therapy", init: 0, span: SP },
      { name: "lri", role: "state", type: TIME_LRI, domain: "therapy", init: 1_000_000, span: SP },
      { name: "pending", role: "state", type: U16, domain: "telemetry", init: 1000, span: SP },
    ],
    outputs: [
      { name: "vpace", role: "output", type: BOOL, domain: "therapy", init: 0, span: SP },
      { name: "status", role: "output", type: U16, domain: "telemetry", init: 0, span: SP },
    ],
    tasks: [
      task({
        name: "pace",
        periodTicks: 1,
        deadlineUs: 200,
        publishDelayTicks: 1,
        priority: 1,
        reads: ["lri", "since_v", "vsense"],
        writes: ["since_v", "vpace"],
        body: [
          iff(
            bin("ge", svPlus, lri),
            [assign("vpace", "output", c(1, BOOL)), assign("since_v", "state", c(0))],
            [
              iff(
                bin("and", vsense, bin("ge", since_v, c(320_000))),
                [assign("vpace", "output", c(0, BOOL)), assign("since_v", "state", c(0))],
                [
                  assign("vpace", "output", c(0, BOOL)),
                  rangeAssert("pace/range@30:31", svPlus, 0, 2_000_000, "since_v"),
                  assign("since_v", "state", svPlus),
                ],
              ),
            ],
          ),
        ],
      }),
      task({
        name: "radio",
        kind: "irq",
        irq: "UART0",
        miatTicks: 5,
        miatUs: 5000,
        deadlineUs: 2000,
        publishDelayTicks: 2,
        priority: 2,
        reads: ["UART0", "lri", "prog_lri"],
        writes: ["pending", "status"],
        locals: [{ name: "d1", type: int(400, 2000), kind: "temp", span: SP }],
        body: [
          assign("pending", "state", prog_lri),
          { s: "declassify", id: "radio/declassify@36:13", target: "d1", value: bin("div", lri, c(1000)), toLevel: 0, span: SP },
          assign("status", "output", v("d1", "local", int(400, 2000))),
        ],
      }),
      task({
        name: "adopt",
        periodTicks: 100,
        deadlineUs: 1000,
        publishDelayTicks: 1,
        priority: 3,
        reads: ["lri", "pending"],
        writes: ["lri"],
        locals: [{ name: "e1", type: int(0, 65_535_000, "time"), kind: "temp", span: SP }],
        body: [
          {
            s: "endorse",
            id: "adopt/endorse@41:10",
            target: "e1",
            value: pendUs,
            valid: bin("and", bin("le", c(400), pending), bin("le", pending, c(2000))),
            fallback: lri,
            span: SP,
          },
          rangeAssert("adopt/range@41:3", v("e1", "local", int(0, 65_535_000, "time")), 400_000, 2_000_000, "lri"),
          assign("lri", "state", v("e1", "local", int(0, 65_535_000, "time"))),
        ],
      }),
    ],
    assumptions: [{ name: "assume@22", expr: bin("le", prog_lri, c(5000)), span: SP }],
    properties: [
      { kind: "invariant", name: "no_bradycardia", expr: bin("lt", since_v, lri), span: SP },
      { kind: "leadsTo", name: "paced_in_time", trigger: bin("ge", svPlus, lri), response: v("vpace", "output", BOOL), withinTicks: 1, span: SP },
    ],
  });
}
