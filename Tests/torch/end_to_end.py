"""An exported experiment's results against llal's own run of the same script.

    python Tests/torch/end_to_end.py TORCH_RESULTS_DIR LLAL_RESULTS.json BACK.json

TORCH_RESULTS_DIR holds the per-job files experiment.py wrote; LLAL_RESULTS.json is what
`r.save(...)` wrote for the same protocol. Checks that every job file has llal's schema
(the same fields in the same order, records and summaries, and a CSV with llal's
columns), and that for every strategy and cycle the mean test accuracy over seeds lies
within seed noise of llal's: |difference| <= max(0.1, 3 * standard error of the
difference). BACK.json is what llal saved after reading TORCH_RESULTS_DIR back with
`results(...)`: it must hold every job's records with their values. Exits 1 on a failure.
"""
import csv
import glob
import json
import math
import os
import sys

torch_dir, llal_path, back_path = sys.argv[1], sys.argv[2], sys.argv[3]
llal = json.load(open(llal_path))
failures = []


def fail(message):
    failures.append(message)
    print("FAIL " + message)


def shape(record):
    return [k for k in record]


files = sorted(glob.glob(os.path.join(torch_dir, "*.json")))
if not files:
    fail(f"no results in {torch_dir}")
records = []
for path in files:
    doc = json.load(open(path))
    if list(doc) != list(llal):
        fail(f"{path}: top-level fields {list(doc)}, llal writes {list(llal)}")
    for r in doc["records"]:
        twin = next(x for x in llal["records"] if x["strategy"] == r["strategy"])
        if shape(r) != shape(twin):
            fail(f"{path}: record fields {shape(r)}, llal writes {shape(twin)}")
        records.append(r)
    for s in doc["summaries"]:
        twin = next(x for x in llal["summaries"] if x["strategy"] == s["strategy"])
        if shape(s) != shape(twin):
            fail(f"{path}: summary fields {shape(s)}, llal writes {shape(twin)}")
    with open(path[:-len(".json")] + ".csv") as f:
        header = next(csv.reader(f))
    # CycleRecord.classificationColumns, then the chosen indices (ExperimentResult.csv).
    columns = ["strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss",
               "entropy_rank_acc", "margin_rank_acc", "lc_rank_acc", "lpm_rank_acc",
               "entropy_kendall_tau", "lpm_kendall_tau", "cycle_s", "train_s", "chosen"]
    if header != columns:
        fail(f"{path[:-5]}.csv: header {header}")
print(f"schema: {len(files)} job files, {len(records)} records, fields as llal writes them")


def stats(values):
    m = sum(values) / len(values)
    v = sum((x - m) ** 2 for x in values) / (len(values) - 1) if len(values) > 1 else 0.0
    return m, v, len(values)


for strategy in sorted({r["strategy"] for r in records}):
    for cycle in sorted({r["cycle"] for r in records}):
        ours = [r["test_acc"] for r in records if r["strategy"] == strategy and r["cycle"] == cycle]
        theirs = [r["test_acc"] for r in llal["records"]
                  if r["strategy"] == strategy and r["cycle"] == cycle]
        if not theirs:
            fail(f"llal has no {strategy} cycle {cycle}")
            continue
        (m1, v1, n1), (m2, v2, n2) = stats(ours), stats(theirs)
        allowed = max(0.1, 3 * math.sqrt(v1 / n1 + v2 / n2))
        ok = abs(m1 - m2) <= allowed
        print(f"{'ok  ' if ok else 'FAIL'} {strategy} cycle {cycle}: torch {m1:.3f} "
              f"(n={n1}), llal {m2:.3f} (n={n2}), allowed difference {allowed:.3f}")
        if not ok:
            failures.append(f"{strategy} cycle {cycle}")
back = json.load(open(back_path))
key = lambda r: (r["strategy"], r["seed"], r["cycle"])  # noqa: E731
ours = {key(r): r for r in records}
theirs = {key(r): r for r in back["records"]}
if set(ours) != set(theirs):
    fail(f"results(...) read {sorted(theirs)}, the jobs wrote {sorted(ours)}")
else:
    differ = [k for k in ours if any(ours[k][f] != theirs[k][f] for f in ours[k] if f != "chosen")
              or ours[k]["chosen"] != theirs[k]["chosen"]]
    if differ:
        fail(f"results(...) changed the records {differ}")
    else:
        print(f"ok   results(...) in llal read back all {len(ours)} records of "
              f"{len(files)} job files, every field as written")
print(f"{len(failures)} failed" if failures else "end to end: results match llal's")
sys.exit(1 if failures else 0)
