/// `strategies.py` of an export: llal's query strategies over gathered inference.
enum StrategyRuntime {
  /// The file's text.
  static let text = #"""
"""The query strategies of an llal experiment (Sources/LLALActive/Strategies).

Each takes what one inference pass over the candidates gave (rank 0 only, after the
ranks' shards are gathered) and returns the chosen candidate positions with their
scores. Scores follow llal: a scoring strategy takes the `step` best, ties to the
earlier candidate; core-set is k-center greedy from the labeled set; BADGE is k-means++
seeding on gradient embeddings from the largest norm; BALD is the mutual information of
dropout passes, variance the outputs' variance over them. Random draws come from numpy generators seeded per job, cycle and query,
not from llal's generator, so the picks of random, core-set and BADGE differ from
llal's run while following the same rule.
"""
import numpy as np
import torch

from metrics import entropy, least_confidence, margin


def top(scores, step, highest_first=True):
    """The `step` best positions; ties go to the earlier candidate (a stable sort)."""
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s if highest_first else s, kind="stable")
    chosen = order[:step]
    return chosen, s[chosen]


def k_center_greedy(points, covered, step, rng):
    """Farthest-first traversal (KCenterGreedy.swift): squared distances to the chosen."""
    n = points.shape[0]
    chosen, distances = [], []
    if covered is None:
        first = int(rng.integers(n))
        chosen.append(first)
        distances.append(0.0)
        covered = ((points - points[first]) ** 2).sum(dim=1)
    while len(chosen) < step:
        i = int(torch.argmax(covered))
        chosen.append(i)
        distances.append(float(covered[i]))
        covered = torch.minimum(covered, ((points - points[i]) ** 2).sum(dim=1))
    return np.array(chosen), np.array(distances)


def min_squared_distances(points, others, block=4096):
    best = torch.full((points.shape[0],), float("inf"), dtype=points.dtype)
    for start in range(0, others.shape[0], block):
        d = torch.cdist(points, others[start:start + block]) ** 2
        best = torch.minimum(best, d.min(dim=1).values)
    return best


def kmeans_pp(points, step, rng):
    """k-means++ seeding (KMeansPlusPlusSeeding.swift) from the point of largest norm."""
    norms = (points ** 2).sum(dim=1)
    first = int(torch.argmax(norms))
    chosen, distances = [first], [float(norms[first])]
    d = ((points - points[first]) ** 2).sum(dim=1)
    while len(chosen) < step:
        total = float(d.sum())
        if total <= 0:
            rest = [i for i in range(points.shape[0]) if i not in set(chosen)]
            i = rest[int(rng.integers(len(rest)))]
        else:
            i = int(rng.choice(points.shape[0], p=(d / d.sum()).double().numpy()))
        chosen.append(i)
        distances.append(float(d[i]))
        d = torch.minimum(d, ((points - points[i]) ** 2).sum(dim=1))
    return np.array(chosen), np.array(distances)


def gradient_embedding(probabilities, h):
    """(p - onehot(argmax p)) outer h per candidate: BADGE's gradient embedding."""
    g = probabilities.clone()
    g[torch.arange(g.shape[0]), g.argmax(dim=1)] -= 1
    return (g[:, :, None] * h[:, None, :]).reshape(g.shape[0], -1)


def mutual_information(passes):
    """H[mean p] - mean H[p] in bits per candidate, at least 0 (BALDStrategy.swift)."""
    mean = torch.stack(passes).double().mean(dim=0)
    expected = torch.stack([entropy(p) for p in passes]).mean(dim=0)
    return (entropy(mean) - expected).clamp_min(0)


def select(spec, step, inference, rng):
    """The chosen candidate positions and their scores for strategy `spec`."""
    kind = spec["kind"]
    p = inference.get("probabilities")
    if kind == "random":
        n = inference["count"]
        chosen = rng.permutation(n)[:step]
        return chosen, np.zeros(len(chosen))
    if kind == "entropy":
        return top(entropy(p).numpy(), step)
    if kind == "least_confidence":
        return top(least_confidence(p).numpy(), step)
    if kind == "margin":
        return top(margin(p).numpy(), step, highest_first=False)
    if kind == "learning_loss":
        return top(inference["predicted_loss"].numpy(), step)
    if kind == "bald":
        passes = [torch.softmax(o, dim=1) for o in inference["dropout_outputs"]]
        return top(mutual_information(passes).numpy(), step)
    if kind == "variance":
        # VarianceStrategy.swift: each value's variance over the passes, averaged per row.
        outputs = torch.stack(inference["dropout_outputs"]).double()
        return top(outputs.var(dim=0, unbiased=False).mean(dim=1).numpy(), step)
    if kind == "core_set":
        points = inference["features"].double()
        labeled = inference["labeled_features"].double()
        covered = min_squared_distances(points, labeled) if labeled.shape[0] else None
        return k_center_greedy(points, covered, step, rng)
    if kind == "badge":
        points = gradient_embedding(p.double(), inference["features"].double())
        return kmeans_pp(points, step, rng)
    if kind == "score":
        # A score function written in the language, translated into scores.py; it gets
        # the probabilities (the outputs for a task without them), the features or None,
        # and the predicted losses, as the strategy's inputs say.
        import scores
        given = {"probabilities": p if p is not None else inference.get("outputs"),
                 "features": inference.get("features"), "nothing": None,
                 "losses": inference.get("predicted_loss")}
        s = getattr(scores, spec["function"])(*[given[i] for i in spec["inputs"]])
        s = torch.as_tensor(s).double().reshape(-1)
        if s.numel() != inference["count"] or not torch.isfinite(s).all():
            raise ValueError(f"{spec['function']} gave {s.numel()} scores for "
                             f"{inference['count']} candidates, or one that is not finite")
        return top(s.numpy(), step)
    raise ValueError(f"unknown strategy kind {kind!r}")
"""#
}
