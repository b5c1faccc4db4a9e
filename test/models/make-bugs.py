#!/usr/bin/env python3
# Regenerates the seeded-bug variants test/models/<model>/bugs/*.vgl from the clean models.
# Input: models/*/*.vgl. Output: one file per bug with a header naming the property it breaks
# (`// breaks: NAME`, or `no_runtime_error` for a range check) and its counterexample depth
# (`// depth: shallow` = reachable within ~60 ticks; `deep` = needs hundreds of ticks or more).
# Invariant: every replacement must match exactly once, so a bug never silently disappears when a
# model changes. Run from the repository root: python3 test/models/make-bugs.py
import os, sys

BUGS = [
  # model, file, breaks, depth, description, [(old, new), ...]
  ("vvi-pacemaker/vvi.vgl", "refractory-inhibits", "refractory", "shallow",
   "a sense inside the ventricular refractory period inhibits pacing (the VRP check is missing).",
   [("} else if vsense and since_v >= VRP {", "} else if vsense {")]),
  ("vvi-pacemaker/vvi.vgl", "wrong-vrp", "refractory", "shallow",
   "wrong interval: the refractory check uses 32 ms instead of VRP = 320 ms (a unit slip).",
   [("} else if vsense and since_v >= VRP {", "} else if vsense and since_v >= 32 ms {")]),
  ("vvi-pacemaker/vvi.vgl", "weak-validator", "no_runtime_error", "shallow",
   "missing endorse validator bound: the programmed interval is not checked from below, so lri := 100 ms fails lri's range check.",
   [("pending * 1 ms >= LRI_MIN and ", "")]),
  ("vvi-pacemaker/vvi.vgl", "sketch-validator", "no_bradycardia", "deep",
   "the language sketch's validator: a new lri is adopted even when it is not longer than the time already elapsed in the cycle.",
   [(" and pending * 1 ms > since_v + tick, else lri)", ", else lri)")]),
  ("ddd-pacemaker/ddd.vgl", "wrong-avi", "av_delay", "shallow",
   "wrong interval: the ventricle is paced 100 ms after the atrial event instead of AVI = 150 ms.",
   [("} else if t_av + tick >= AVI and t_v + tick >= URI {", "} else if t_av + tick >= 100 ms and t_v + tick >= URI {")]),
  ("ddd-pacemaker/ddd.vgl", "no-uri", "upper_rate", "shallow",
   "the upper rate interval is not enforced: the ventricle is paced at the end of the AV delay even when the last ventricular event is less than URI ago.",
   [("} else if t_av + tick >= AVI and t_v + tick >= URI {", "} else if t_av + tick >= AVI {")]),
  ("ddd-pacemaker/ddd.vgl", "weak-validator", "no_runtime_error", "shallow",
   "missing endorse validator bound: the programmed lower rate interval is not checked from below, so lri_req := 100 ms fails its range check.",
   [("req >= 500 and req <= 2000", "req <= 2000")]),
  ("ddd-pacemaker/ddd.vgl", "refractory-inhibits", "v_refractory", "shallow",
   "a ventricular sense inside the VRP inhibits the ventricular pace during the AV interval (the VRP check is missing).",
   [("    Phase.AV => {\n      if vsense and t_v >= VRP {", "    Phase.AV => {\n      if vsense {")]),
  ("icd/icd.vgl", "weak-validator", "no_runtime_error", "shallow",
   "missing endorse validator bound: the programmed VT zone is not checked from above, so vt_cl := 5000 ms fails its range check.",
   [("req >= 300 and req <= 430", "req >= 300")]),
  ("icd/icd.vgl", "no-blanking", "blanking", "shallow",
   "missing blanking: a sense right after the previous one is counted as a (very fast) interval.",
   [("if vsense and rr >= BLANK {", "if vsense {")]),
  ("icd/icd.vgl", "wrong-vf-boundary", "vf_zone", "shallow",
   "wrong interval: an interval of exactly VF_CL = 300 ms (200 bpm) is classified as VF.",
   [("win[9] := if interval < VF_CL then 2", "win[9] := if interval <= VF_CL then 2")]),
  ("icd/icd.vgl", "no-reconfirm", "charge_sustained", "deep",
   "no reconfirmation: charging continues (and the shock is delivered) after a non-sustained episode has ended.",
   [("      if not satisfied {\n        mode := Mode.sensing                            // reconfirmation failed: episode ended by itself\n      } else if charged + tick >= CHARGE {",
     "      if charged + tick >= CHARGE {")]),
  ("icd/icd.vgl", "short-vt-duration", "atp_sustained", "deep",
   "wrong interval: VT therapy after 1 s of a satisfied window instead of the 5 s VT duration.",
   [("} else if satisfied and dur >= DUR_VT {", "} else if satisfied and dur >= 1 s {")]),
  ("pca-pump/pca.vgl", "missing-air-alarm", "air_stops", "shallow",
   "missing alarm: the air-in-line sensor is not wired to the alarm, so the motor keeps running with air in the line.",
   [("  if occlusion or air {", "  if occlusion {")]),
  ("pca-pump/pca.vgl", "lockout-ignored", "lockout_kept", "shallow",
   "the lockout interval is not enforced: a bolus may start right after the previous one.",
   [("if button and since >= lockout and total", "if button and total")]),
  ("pca-pump/pca.vgl", "weak-validator", "no_runtime_error", "shallow",
   "missing endorse validator bound: a bolus size of 0 from the keypad is accepted and fails bolus_sz's range check.",
   [("req_bolus >= 1 and req_bolus <= BOLUS_MAX", "req_bolus <= BOLUS_MAX")]),
  ("pca-pump/pca.vgl", "bolus-overrun", "no_runtime_error", "shallow",
   "off by one: a bolus delivers one unit more than its size (a 50-unit bolus overflows `given`, range 0 .. 50).",
   [("if given < dose {", "if given <= dose {")]),
  ("pca-pump/pca.vgl", "no-hourly-check", "hourly_limit", "deep",
   "wrong limit: a bolus start is checked against twice the hourly limit.",
   [("total + bolus_sz <= HOUR_MAX {", "total + bolus_sz <= 2 * HOUR_MAX {")]),
]

root = os.getcwd()
for model, name, breaks, depth, desc, edits in BUGS:
    src = os.path.join("models", model)
    s = open(src).read()
    for old, new in edits:
        if s.count(old) != 1:
            sys.exit(f"{name}: pattern found {s.count(old)} times in {src}: {old!r}")
        s = s.replace(old, new)
    out = os.path.join("test", "models", model.split("/")[0], "bugs", name + ".vgl")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    hdr = f"// SEEDED BUG: {desc}\n// breaks: {breaks}\n// depth: {depth}\n// Generated by test/models/make-bugs.py from {src}; everything else is unchanged.\n"
    open(out, "w").write(hdr + s)
    print("wrote", out)
