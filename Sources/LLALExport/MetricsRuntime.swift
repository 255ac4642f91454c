/// `metrics.py` of an export: ranking agreement and the results files in llal's schema.
enum MetricsRuntime {
  /// The file's text.
  static let text = #"""
"""What each cycle measures, and the results files, as llal writes them.

Ranking agreement follows Sources/LLALActive/Metrics/RankingAgreement.swift: among pairs
whose true losses differ, concordant pairs over all of them (score ties count as
wrong), Kendall's tau-b, and Spearman's rho of the average ranks. Results follow
Sources/LLALActive/Results (CycleRecord.swift, StrategySummary.swift,
ExperimentResult.swift): the JSON `r.save("x.json")` writes and the CSV of
`r.save("x.csv")`, so `results("DIR")` in llal reads them.
"""
import json
import math

import numpy as np


def _tied_pairs(values):
    """Pairs of equal values in a sorted sequence."""
    if len(values) == 0:
        return 0
    _, counts = np.unique(values, return_counts=True, axis=0)
    return int((counts * (counts - 1) // 2).sum())


def _inversions(seq):
    """Pairs i < j with seq[i] > seq[j] (merge sort), in O(n log n)."""
    seq = list(seq)
    count = 0
    width = 1
    n = len(seq)
    while width < n:
        out = []
        for lo in range(0, n, 2 * width):
            a, b = seq[lo:lo + width], seq[lo + width:lo + 2 * width]
            i = j = 0
            while i < len(a) and j < len(b):
                if b[j] < a[i]:
                    out.append(b[j])
                    count += len(a) - i
                    j += 1
                else:
                    out.append(a[i])
                    i += 1
            out.extend(a[i:])
            out.extend(b[j:])
        seq = out
        width *= 2
    return count


def _average_ranks(x):
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x), dtype=np.float64)
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    return ranks


def ranking_agreement(scores, truth):
    """(ranking accuracy, Kendall's tau-b, Spearman's rho) of `scores` against `truth`;
    None where undefined."""
    y = np.nan_to_num(np.asarray(scores, dtype=np.float32), nan=-np.inf)
    x = np.nan_to_num(np.asarray(truth, dtype=np.float32), nan=-np.inf)
    n = len(x)
    order = np.lexsort((y, x))
    xo, yo = x[order], y[order]
    total = n * (n - 1) // 2
    tied_truth = _tied_pairs(xo)
    tied_both = _tied_pairs(np.stack([xo, yo], axis=1)) if n else 0
    swaps = _inversions(yo.tolist())
    tied_score = _tied_pairs(yo)
    pairs = total - tied_truth
    concordant = total - tied_truth - tied_score + tied_both - swaps
    denominator = float(total - tied_truth) * float(total - tied_score)
    tau = (concordant - swaps) / math.sqrt(denominator) if denominator > 0 else None
    accuracy = concordant / pairs if pairs > 0 else None
    rho = None
    if n > 1 and np.ptp(x) > 0 and np.ptp(y) > 0 and np.isfinite(x).all() and np.isfinite(y).all():
        rx, ry = _average_ranks(x.astype(np.float64)), _average_ranks(y.astype(np.float64))
        rho = float(np.corrcoef(rx, ry)[0, 1])
    return accuracy, tau, rho


def entropy(p):
    """Base-2 entropy of each row, 0 log 0 = 0 (UncertaintyStrategies.swift)."""
    p = p.double()
    return -(p * torch_log2_safe(p)).sum(dim=1)


def torch_log2_safe(p):
    import torch
    return torch.where(p > 0, torch.log2(p.clamp_min(1e-300)), torch.zeros_like(p))


def margin(p):
    """p(1) - p(2) of each row (the smallest is queried first)."""
    if p.shape[1] == 1:
        return p[:, 0]
    top = p.topk(2, dim=1).values
    return top[:, 0] - top[:, 1]


def least_confidence(p):
    """1 - max p of each row."""
    return 1 - p.max(dim=1).values


def _rounded(x, digits):
    if x is None or not math.isfinite(x):
        return None
    return round(x, digits)


def record_fields(r, metric):
    """A cycle's fields in CycleRecord.fields' order."""
    column = "test_acc" if metric == "accuracy" else metric
    f = [("strategy", r["strategy"]), ("seed", r["seed"]), ("cycle", r["cycle"]),
         ("labeled", r["labeled"]), (column, _rounded(r["metric"], 4))]
    if metric != "accuracy":
        f += [(name, _rounded(v, 4)) for name, v in r["other_metrics"]]
        f.append(("test_loss", _rounded(r["test_loss"], 6)))
    module = r["lpm_rank_acc"] is not None or r["lpm_kendall_tau"] is not None
    f += [("final_train_loss", _rounded(r["final_train_loss"], 4)),
          ("entropy_rank_acc", _rounded(r["entropy_rank_acc"], 4)),
          ("margin_rank_acc", _rounded(r["margin_rank_acc"], 4)),
          ("lc_rank_acc", _rounded(r["lc_rank_acc"], 4))]
    if module:
        f.append(("lpm_rank_acc", _rounded(r["lpm_rank_acc"], 4)))
    f.append(("entropy_kendall_tau", _rounded(r["entropy_kendall_tau"], 4)))
    if module:
        f.append(("lpm_kendall_tau", _rounded(r["lpm_kendall_tau"], 4)))
    f += [("cycle_s", _rounded(r["cycle_s"], 3)), ("train_s", _rounded(r["train_s"], 3))]
    extra = [("entropy_spearman", _rounded(r["entropy_spearman"], 4))]
    if module:
        extra.append(("lpm_spearman", _rounded(r["lpm_spearman"], 4)))
    return f, extra


def _mean(xs):
    return sum(xs) / len(xs) if xs else None


def _std(xs):
    if len(xs) < 2:
        return 0.0
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def summary_fields(strategy, records, metric):
    """StrategySummary.fields of one strategy's records."""
    column = "test_acc" if metric == "accuracy" else metric
    mine = [r for r in records if r["strategy"] == strategy]
    cycles = max((r["cycle"] for r in mine), default=0)
    by_cycle = [[r for r in mine if r["cycle"] == c + 1] for c in range(cycles)]
    seeds = sorted({r["seed"] for r in mine})
    metric_values = [[r["metric"] for r in rs if r["metric"] is not None] for rs in by_cycle]
    f = [("strategy", strategy), ("seeds", seeds),
         ("labeled", [rs[0]["labeled"] if rs else 0 for rs in by_cycle]),
         (column + "_mean", [_rounded(_mean(v) or 0.0, 4) for v in metric_values]),
         (column + "_std", [_rounded(_std(v), 4) for v in metric_values])]
    wall = sum(r["cycle_s"] for r in mine)
    f += [("wall_s", _rounded(wall, 2)), ("wall_s_per_seed", _rounded(wall / max(len(seeds), 1), 2)),
          ("entropy_rank_acc_mean", [_rounded(_mean([r["entropy_rank_acc"] for r in rs if r["entropy_rank_acc"] is not None]), 4) for rs in by_cycle])]
    if any(r["lpm_rank_acc"] is not None for r in mine):
        f.append(("lpm_rank_acc_mean", [_rounded(_mean([r["lpm_rank_acc"] for r in rs if r["lpm_rank_acc"] is not None]), 4) for rs in by_cycle]))
        f.append(("lpm_kendall_tau_mean", [_rounded(_mean([r["lpm_kendall_tau"] for r in rs if r["lpm_kendall_tau"] is not None]), 4) for rs in by_cycle]))
    return f


def _json(value):
    """ResultJSON.text: `, ` and `: ` separators, whole floats as `1.0`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        if value == int(value) and abs(value) < 1e15:
            return "%.1f" % value
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + _json(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        if value and isinstance(value[0], tuple):
            return "{" + ", ".join(json.dumps(k) + ": " + _json(v) for k, v in value) + "}"
        return "[" + ", ".join(_json(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as a result")


def results_json(strategies, seeds, records, metric):
    """ExperimentResult.json(): strategies, seeds, cancelled, records, summaries."""
    recs = []
    for r in records:
        f, extra = record_fields(r, metric)
        recs.append(f + extra + [("chosen", list(r["chosen"])), ("warnings", list(r["warnings"]))])
    doc = [("strategies", strategies), ("seeds", seeds), ("cancelled", False),
           ("records", recs),
           ("summaries", [summary_fields(s, records, metric) for s in strategies])]
    return _json(doc) + "\n"


def results_csv(records, metric):
    """ExperimentResult.csv(): the record columns, then the chosen indices."""
    classification = ["strategy", "seed", "cycle", "labeled", "test_acc", "final_train_loss",
                      "entropy_rank_acc", "margin_rank_acc", "lc_rank_acc", "lpm_rank_acc",
                      "entropy_kendall_tau", "lpm_kendall_tau", "cycle_s", "train_s"]
    columns = classification
    if records:
        names = [k for k, _ in record_fields(records[0], metric)[0]]
        column = "test_acc" if metric == "accuracy" else metric
        start = names.index(column)
        metrics = names[start:names.index("final_train_loss")]
        columns = [m for c in classification for m in (metrics if c == "test_acc" else [c])]
    lines = [",".join(columns + ["chosen"])]
    for r in records:
        fields = dict(record_fields(r, metric)[0])
        cells = []
        for c in columns:
            v = fields.get(c)
            if v is None:
                cells.append("")
            elif isinstance(v, str):
                cells.append('"' + v.replace('"', '""') + '"' if any(ch in v for ch in ',"\n') else v)
            else:
                cells.append(_json(v))
        cells.append(" ".join(str(i) for i in r["chosen"]))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"
"""#
}
