/// `experiment.py` of an export: the header, then the generated `PROTOCOL`, then the
/// runner (`body`): data, training under DDP, sharded inference, cycles, results.
enum ExperimentRuntime {
  /// The module docstring, before `PROTOCOL`.
  static let header = #"""
"""The active-learning experiment exported by `llal export` (see README.md).

Run every job:            python experiment.py
One job of the sweep:     python experiment.py --strategy entropy --seed 0
On N GPUs of one node:    torchrun --nproc-per-node=N experiment.py --device cuda ...

PROTOCOL below is what llal would run, each line naming the script line it came from.
"""

"""#

  /// The runner, after `PROTOCOL`.
  static let body = #"""

import argparse
import os
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, Subset, TensorDataset

import model as models
from metrics import entropy, least_confidence, margin, ranking_agreement, results_csv, results_json
from strategies import select

HERE = os.path.dirname(os.path.abspath(__file__))
P = PROTOCOL


class Learner(nn.Module):
    """The target model and, for learning loss, the loss module: one module for DDP."""

    def __init__(self, with_lossnet):
        super().__init__()
        self.model = getattr(models, P["model"])()
        self.lossnet = models.LossNet() if with_lossnet else None

    def forward(self, x, taps=(), detach=False):
        names = list(taps) + (list(models.LossNet.taps) if self.lossnet is not None else [])
        out, values = self.model(x, names)
        features = values[:len(taps)]
        predicted = None
        if self.lossnet is not None:
            module_in = values[len(taps):]
            if detach:
                module_in = [f.detach() for f in module_in]
            predicted = self.lossnet(module_in)
        return out, features, predicted


def per_sample_loss(out, y):
    """The task's loss of each sample (ClassificationTask / RegressionTask)."""
    if P["task"] == "classify":
        return F.cross_entropy(out, y, reduction="none")
    target = y.reshape(out.shape)
    return ((out - target) ** 2).reshape(out.shape[0], -1).mean(dim=1)


def ranking_loss(predicted, true, ll):
    """The margin ranking loss (MarginRankingLoss.swift) over pairs of this rank's batch."""
    b = predicted.shape[0]
    h = b // 2
    if h == 0:
        return predicted.sum() * 0
    first = torch.arange(h, device=predicted.device)
    second = first + h if ll["pairing"] == "halves" else b - 1 - first
    truth = true.detach()
    sign = (truth[first] > truth[second]).float() * 2 - 1
    return (ll["margin"] - sign * (predicted[first] - predicted[second])).clamp(min=0).mean()


def module_loss(predicted, true, ll):
    if ll["objective"] == "mse":
        return F.mse_loss(predicted, true.detach())
    return ranking_loss(predicted, true, ll)


def learning_rate(epoch):
    """LearningRateSchedule.swift: the rate during `epoch`, set at its start."""
    base, s = P["optimizer"]["lr"], P["schedule"]
    if s["kind"] == "multistep":
        return base * s["gamma"] ** sum(1 for m in s["milestones"] if m <= epoch)
    if s["kind"] == "cosine":
        if s["epochs"] <= 0:
            return base
        return s["minimum"] + (base - s["minimum"]) * (1 + np.cos(np.pi * epoch / s["epochs"])) / 2
    return base


def make_optimizer(params):
    o = P["optimizer"]
    if o["kind"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"],
                               weight_decay=o["weight_decay"], nesterov=o["nesterov"])
    make = torch.optim.AdamW if o["kind"] == "adamw" else torch.optim.Adam
    return make(params, lr=o["lr"], betas=o["betas"], eps=o["eps"], weight_decay=o["weight_decay"])


def augment(x, generator):
    """Augmentation.swift: random crop with zero padding, then horizontal flip, per image."""
    for kind, value in P["augment"]:
        n, _, h, w = x.shape
        if kind == "crop":
            padded = F.pad(x, (value, value, value, value))
            dy = torch.randint(0, 2 * value + 1, (n,), generator=generator).to(x.device)
            dx = torch.randint(0, 2 * value + 1, (n,), generator=generator).to(x.device)
            rows = (dy[:, None] + torch.arange(h, device=x.device))[:, None, :, None]
            cols = (dx[:, None] + torch.arange(w, device=x.device))[:, None, None, :]
            channels = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
            x = padded[torch.arange(n, device=x.device)[:, None, None, None], channels, rows, cols]
        elif kind == "flip":
            flip = (torch.rand(n, generator=generator) < value).to(x.device)
            x = torch.where(flip[:, None, None, None], x.flip(3), x)
    return x


def train(learner, data, labeled, seed, cycle, dist_info, device, ll):
    """One cycle's training (Trainer.swift): `epochs` epochs over the labeled points.

    Under torchrun each rank trains on its DistributedSampler shard with a per-rank batch
    of batch / world; DDP averages the gradients, so a step sees the global batch. The
    ranking loss pairs samples within each rank's batch.
    """
    rank, world = dist_info
    per_rank = P["batch"] // world
    x, y = data
    subset = Subset(TensorDataset(x, y), labeled)
    sampler = DistributedSampler(subset, num_replicas=world, rank=rank, shuffle=P["shuffle"],
                                 seed=seed * 1000 + cycle, drop_last=False)
    loader = DataLoader(subset, batch_size=per_rank, sampler=sampler, drop_last=P["drop_last"])
    module = DistributedDataParallel(learner) if world > 1 else learner
    optimizer = make_optimizer(learner.parameters())
    generator = torch.Generator().manual_seed(seed * 1000 + cycle + rank * 7919)
    learner.train()
    last_loss = float("nan")
    for epoch in range(P["epochs"]):
        sampler.set_epoch(epoch)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(epoch)
        detach = ll is not None and ll["detach_after"] is not None and epoch >= ll["detach_after"]
        for xb, yb in loader:
            # A batch of one sample is skipped, as llal skips it (batch norm, no pair);
            # the sampler pads the shards to one length, so every rank skips together.
            if xb.shape[0] < 2:
                continue
            xb, yb = xb.to(device), yb.to(device)
            if P["augment"]:
                xb = augment(xb, generator)
            out, _, predicted = module(xb, detach=detach)
            losses = per_sample_loss(out, yb)
            total = losses.mean()
            if predicted is not None:
                total = total + ll["weight"] * module_loss(predicted, losses, ll)
            if not torch.isfinite(total):
                raise SystemExit(f"the training loss is {total.item()} at epoch {epoch + 1}")
            optimizer.zero_grad()
            total.backward()
            optimizer.step()
            last_loss = total.item()
    return last_loss


def shard_and_gather(indices, dist_info, compute):
    """Runs `compute(shard)` on this rank's share of `indices` and gathers every rank's
    rows, in the order of `indices` (the padding DistributedSampler-style is dropped)."""
    rank, world = dist_info
    if world == 1:
        return compute(indices)
    per = (len(indices) + world - 1) // world
    padded = list(indices) + list(indices[:per * world - len(indices)])
    mine = padded[rank::world]
    rows = compute(mine)
    out = {}
    for key, value in rows.items():
        value = value.contiguous()
        parts = [torch.empty_like(value) for _ in range(world)]
        dist.all_gather(parts, value)
        stacked = torch.stack(parts, dim=1).reshape(-1, *value.shape[1:])
        out[key] = stacked[:len(indices)].cpu()
    return out


@torch.no_grad()
def infer(learner, x, indices, device, nodes=(), dist_info=(0, 1), passes=0, seed=0):
    """Eval-mode outputs (and node features, predicted losses, dropout passes) of
    `x[indices]`, sharded over the ranks and gathered in order."""
    def compute(shard):
        learner.eval()
        rows = {"out": [], "pred": []}
        rows.update({f"n:{n}": [] for n in nodes})
        rows.update({f"d:{t}": [] for t in range(passes)})
        for start in range(0, len(shard), 512):
            xb = x[shard[start:start + 512]].to(device)
            out, feats, pred = learner(xb, taps=nodes)
            rows["out"].append(out.float())
            if pred is not None:
                rows["pred"].append(pred.float())
            for n, f in zip(nodes, feats):
                rows[f"n:{n}"].append((f.mean(dim=(2, 3)) if f.dim() == 4 else f).float())
        if passes:
            models.set_mc_dropout(learner, True)
            torch.manual_seed(seed)
            for t in range(passes):
                for start in range(0, len(shard), 512):
                    xb = x[shard[start:start + 512]].to(device)
                    rows[f"d:{t}"].append(learner(xb)[0].float().flatten(1))
            models.set_mc_dropout(learner, False)
        return {k: torch.cat(v) for k, v in rows.items() if v}
    return shard_and_gather(list(indices), dist_info, compute)


def evaluate(learner, data, device, dist_info):
    """The test metric, the other metrics and the mean test loss (Accuracy.swift,
    RegressionMetrics.swift)."""
    x, y = data
    out = infer(learner, x, range(len(x)), device, dist_info=dist_info)["out"]
    losses = per_sample_loss(out, y)
    if P["task"] == "classify":
        return "accuracy", float((out.argmax(dim=1) == y).double().mean()), [], float(losses.mean())
    target = y.reshape(out.shape).double()
    rmse = float(((out.double() - target) ** 2).mean().sqrt())
    ss = float(((target - target.mean(dim=0)) ** 2).sum())
    residual = float(((out.double() - target) ** 2).sum())
    r2 = 1 - residual / ss if ss > 0 else (1.0 if residual == 0 else 0.0)
    return "rmse", rmse, [("r2", r2)], float(losses.mean())


def run_job(strategy, seed, data, test, device, dist_info, out_dir):
    """One strategy with one seed for the budget's cycles (ActiveLearningSession.swift);
    returns the cycle records."""
    rank, _ = dist_info
    spec = P["strategies"][strategy]
    ll = P["learning_loss"] if spec.get("module") else None
    b = P["budget"]
    x, y = data
    n = len(x)
    labeled = sorted(np.random.default_rng([seed, 0]).permutation(n)[:b["initial"]].tolist())
    records = []
    learner = None
    for cycle in range(b["cycles"]):
        start = time.time()
        if learner is None or P["init"] == "scratch":
            torch.manual_seed(seed * 1000 + cycle)
            learner = Learner(ll is not None).to(device)
        train_start = time.time()
        final_loss = train(learner, data, labeled, seed, cycle, dist_info, device, ll)
        train_s = time.time() - train_start
        metric, value, others, test_loss = evaluate(learner, test, device, dist_info)
        labeled_set = set(labeled)
        unlabeled = [i for i in range(n) if i not in labeled_set]
        last = cycle == b["cycles"] - 1
        rng = np.random.default_rng([seed, cycle, 1])
        candidates = unlabeled
        if b["subset"] and b["subset"] < len(unlabeled):
            candidates = sorted(rng.choice(unlabeled, b["subset"], replace=False).tolist())
        nodes = [spec["node"]] if spec.get("node") else []
        passes = spec.get("passes", 0) if not last else 0
        pool = infer(learner, x, unlabeled, device, nodes=nodes, dist_info=dist_info,
                     passes=passes, seed=seed * 1000 + cycle)
        record = measure(pool, y[unlabeled], ll is not None)
        chosen = []
        if not last and candidates:
            chosen = query(learner, spec, pool, unlabeled, candidates, labeled, x, nodes,
                           device, dist_info, rng, rank)
            labeled = sorted(labeled + chosen)
        record.update(strategy=strategy, seed=seed, cycle=cycle + 1,
                      labeled=b["initial"] + b["step"] * cycle, metric=value,
                      other_metrics=others, test_loss=test_loss, final_train_loss=final_loss,
                      train_s=train_s, cycle_s=time.time() - start, chosen=chosen)
        records.append(record)
        if rank == 0:
            print(f"{strategy} seed {seed} cycle {cycle + 1}/{b['cycles']}: "
                  f"{len(labeled_set)} labels, {metric} {value:.4f}", flush=True)
    return records


def measure(pool, y, has_module):
    """How each score ranks the unlabeled pool by its true loss (PoolMetrics.swift)."""
    truth = per_sample_loss(pool["out"], y).numpy()
    r = {k: None for k in ("entropy_rank_acc", "margin_rank_acc", "lc_rank_acc",
                           "lpm_rank_acc", "entropy_kendall_tau", "lpm_kendall_tau",
                           "entropy_spearman", "lpm_spearman")}
    r["warnings"] = []
    if has_module and "pred" in pool:
        r["lpm_rank_acc"], r["lpm_kendall_tau"], r["lpm_spearman"] = \
            ranking_agreement(pool["pred"].numpy(), truth)
    if P["task"] == "classify":
        p = torch.softmax(pool["out"], dim=1)
        r["entropy_rank_acc"], r["entropy_kendall_tau"], r["entropy_spearman"] = \
            ranking_agreement(entropy(p).float().numpy(), truth)
        r["margin_rank_acc"] = ranking_agreement(-margin(p).numpy(), truth)[0]
        r["lc_rank_acc"] = ranking_agreement(least_confidence(p).numpy(), truth)[0]
    return r


def query(learner, spec, pool, unlabeled, candidates, labeled, x, nodes, device, dist_info,
          rng, rank):
    """Rank 0 picks `step` candidates; the picks are broadcast to every rank."""
    position = {i: k for k, i in enumerate(unlabeled)}
    rows = torch.tensor([position[i] for i in candidates])
    inference = {"count": len(candidates)}
    if P["task"] == "classify":
        inference["probabilities"] = torch.softmax(pool["out"][rows], dim=1)
    else:
        inference["outputs"] = pool["out"][rows]
    if "pred" in pool:
        inference["predicted_loss"] = pool["pred"][rows]
    if nodes:
        inference["features"] = pool[f"n:{nodes[0]}"][rows]
        if spec["kind"] == "core_set":
            inference["labeled_features"] = infer(
                learner, x, labeled, device, nodes=nodes, dist_info=dist_info)[f"n:{nodes[0]}"]
    passes = [pool[k][rows] for k in sorted(pool) if k.startswith("d:")]
    if passes:
        inference["dropout_outputs"] = passes
    step = min(P["budget"]["step"], len(candidates))
    chosen = None
    if rank == 0:
        positions, _ = select(spec, step, inference, rng)
        chosen = [int(candidates[k]) for k in positions]
    if dist_info[1] > 1:
        box = [chosen]
        dist.broadcast_object_list(box, src=0)
        chosen = box[0]
    return chosen


def load(name):
    x = torch.from_numpy(np.load(os.path.join(HERE, "data", f"{name}_x.npy")))
    y = torch.from_numpy(np.load(os.path.join(HERE, "data", f"{name}_y.npy")))
    return x, y


def main():
    parser = argparse.ArgumentParser(description="Run the exported llal experiment.")
    parser.add_argument("--strategy", action="append", choices=list(P["strategies"]),
                        help="run only this strategy (repeatable; default: all)")
    parser.add_argument("--seed", type=int, action="append",
                        help="run only this seed (repeatable; default: the protocol's)")
    parser.add_argument("--device", choices=["cpu", "cuda"],
                        default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--out", default=os.path.join(HERE, "results"),
                        help="folder of the results files (default: results/)")
    parser.add_argument("--cycles", type=int, help="run only the first N cycles")
    args = parser.parse_args()
    if args.cycles:
        P["budget"]["cycles"] = min(P["budget"]["cycles"], args.cycles)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = 0
    if world > 1:
        dist.init_process_group("nccl" if args.device == "cuda" else "gloo")
        rank = dist.get_rank()
    if args.device == "cuda":
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        device = torch.device("cuda", local)
    else:
        device = torch.device("cpu")
    per_rank = P["batch"] // world
    if P["batch"] % world or per_rank % 2:
        raise SystemExit(f"the batch of {P['batch']} must split into an even batch per rank "
                         f"over {world} processes (the ranking loss pairs within a rank)")
    data, test = load("pool"), load("test")
    if P["task"] == "classify":
        data, test = (data[0], data[1].long()), (test[0], test[1].long())
    strategies = args.strategy or list(P["strategies"])
    seeds = args.seed or P["seeds"]
    for strategy in strategies:
        for seed in seeds:
            records = run_job(strategy, seed, data, test, device, (rank, world), args.out)
            if rank == 0:
                write(args.out, strategy, seed, records)
    if world > 1:
        dist.destroy_process_group()


def write(folder, strategy, seed, records):
    """`STRATEGY-seedS.json` and `.csv` in llal's results schema, written atomically."""
    os.makedirs(folder, exist_ok=True)
    metric = "accuracy" if P["task"] == "classify" else "rmse"
    stem = os.path.join(folder, f"{strategy}-seed{seed}")
    for ext, text in ((".json", results_json([strategy], [seed], records, metric)),
                      (".csv", results_csv(records, metric))):
        tmp = f"{stem}{ext}.tmp-{os.getpid()}"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, stem + ext)
    print(f"wrote {stem}.json", flush=True)


if __name__ == "__main__":
    main()
"""#
}
