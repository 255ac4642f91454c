"""What bench/train_step_pose.py and bench/train_step_detect.py share: timing a training
step and the eval-mode forward of one case, and the child's JSON line (the fields of the
peers' train_step.py)."""
import time


def pct(xs, q):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def time_steps(step, model, lossnet, x, args, C):
    """Runs `step()` (returns the loss) --warmup times, then --steps timed times; then times
    the eval-mode forward of `model` (and `lossnet` on its taps) on `x`. Returns the step
    times in seconds and the fields first_loss, final_loss, infer_median_ms."""
    import torch
    model.train()
    first_loss = None
    for _ in range(args.warmup):
        loss = step()
        if first_loss is None:
            first_loss = float(loss.detach())
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
    final_loss = float(loss.detach())
    model.eval()
    if lossnet is not None:
        lossnet.eval()

    def infer():
        with torch.no_grad():
            _, feats = model(x)
            if lossnet is not None:
                lossnet(feats)

    inf = C.timeit(infer, reps=max(5, args.steps // 3), warmup=2, min_rep_time=0.0)
    return times, {"infer_median_ms": round(sorted(inf)[len(inf) // 2] * 1e3, 3),
                   "final_loss": round(final_loss, 4),
                   "first_loss": round(first_loss, 4) if first_loss is not None else None}


def emit_child(args, C, times, fields):
    """The case's JSON line: step-time statistics, `fields`, peak RSS."""
    C.emit({"bench": "train_step", "case": args.cases, "threads": args.threads,
            "steps": len(times), "warmup": args.warmup,
            "median_ms": round(pct(times, 0.5) * 1e3, 3), "min_ms": round(min(times) * 1e3, 3),
            "p90_ms": round(pct(times, 0.9) * 1e3, 3), **fields, "peak_rss_mb": C.peak_rss_mb()})
