#!/usr/bin/env python3
# Regenerates the witness input traces test/models/<model>/witness/<bug>.csv: for every seeded bug
# an input trace on which the reference interpreter shows the bug (the property named in the bug's
# `// breaks:` header is violated, or a runtime error for `no_runtime_error`) while the clean
# model runs the same trace without that violation. test/models/models.test.ts replays them.
# Segment syntax: (column, first tick, end tick (exclusive), period or "=value").
import os

MODELS = {
  "vvi-pacemaker": ("vsense,prog_lri,UART0", {"prog_lri": "1000"}),
  "ddd-pacemaker": ("asense,vsense,prog_lri,RADIO", {"prog_lri": "1000"}),
  "icd": ("vsense,prog_vt,RADIO", {"prog_vt": "350"}),
  "pca-pump": ("button,occlusion,air,reset_btn,hang,key_bolus,key_lock,KEYPAD", {"key_bolus": "10", "key_lock": "600"}),
}

W = {
  ("vvi-pacemaker", "refractory-inhibits"): (100, [("vsense", 5, 6, 1)]),
  ("vvi-pacemaker", "wrong-vrp"): (100, [("vsense", 40, 41, 1)]),
  ("vvi-pacemaker", "weak-validator"): (60, [("prog_lri", 0, 60, "=100"), ("UART0", 0, 1, 1)]),
  ("vvi-pacemaker", "sketch-validator"): (700, [("prog_lri", 0, 500, "=2000"), ("prog_lri", 500, 700, "=400"), ("UART0", 0, 1, 1), ("UART0", 500, 501, 1)]),
  ("ddd-pacemaker", "wrong-avi"): (100, [("asense", 40, 41, 1)]),
  ("ddd-pacemaker", "no-uri"): (100, [("asense", 30, 31, 1)]),
  ("ddd-pacemaker", "weak-validator"): (40, [("prog_lri", 0, 40, "=100"), ("RADIO", 0, 1, 1)]),
  ("ddd-pacemaker", "refractory-inhibits"): (100, [("asense", 26, 27, 1), ("vsense", 28, 29, 1)]),
  ("icd", "weak-validator"): (40, [("prog_vt", 0, 40, "=5000"), ("RADIO", 0, 1, 1)]),
  ("icd", "no-blanking"): (20, [("vsense", 3, 4, 1)]),
  ("icd", "wrong-vf-boundary"): (60, [("vsense", 29, 30, 1)]),
  ("icd", "no-reconfirm"): (1500, [("vsense", 20, 320, 25), ("vsense", 320, 1500, 80)]),
  ("icd", "short-vt-duration"): (800, [("vsense", 20, 800, 33)]),
  ("pca-pump", "missing-air-alarm"): (20, [("button", 0, 1, 1), ("air", 3, 4, 1)]),
  ("pca-pump", "lockout-ignored"): (60, [("button", 0, 1, 1), ("button", 20, 21, 1)]),
  ("pca-pump", "weak-validator"): (20, [("key_bolus", 0, 20, "=0"), ("KEYPAD", 0, 1, 1)]),
  ("pca-pump", "bolus-overrun"): (120, [("key_bolus", 0, 120, "=50"), ("KEYPAD", 0, 1, 1), ("button", 5, 6, 1)]),
  ("pca-pump", "no-hourly-check"): (12100, [("key_bolus", 0, 12100, "=50"), ("key_lock", 0, 12100, "=300"), ("KEYPAD", 0, 1, 1), ("button", 5, 12100, 3001)]),
}

for (model, bug), (ticks, segs) in W.items():
    header, const = MODELS[model]
    cols = header.split(",")
    out = os.path.join("test", "models", model, "witness", bug + ".csv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(header + "\n")
        for t in range(ticks):
            row = {c: const.get(c, "0") for c in cols}
            for c, a, b, p in segs:
                if a <= t < b:
                    if isinstance(p, str): row[c] = p[1:]
                    elif (t - a) % p == 0: row[c] = "1"
            f.write(",".join(row[c] for c in cols) + "\n")
    print("wrote", out)
