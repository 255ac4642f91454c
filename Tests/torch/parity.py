"""Parity of an exported llal experiment with llal itself.

    python Tests/torch/parity.py EXPORT_DIR

EXPORT_DIR is what `llal export FILE -o EXPORT_DIR --parity-fixture` wrote: the project
and, under parity/, llal's own numbers (Sources/LLALExport/ParityFixture.swift). Checks:

- forward: train-mode output and every node's value from the initial weights, the
  running statistics after that pass, then eval-mode output, every node, per-sample
  losses and the loss module's predictions;
- training: the weights after one SGD step and one Adam step (model and loss module,
  with the ranking loss) from the same weights and batch;
- strategies: the same picks on the same model and pool, or, where scores tie or sum in
  another order, picks whose scores match llal's ranking within tolerance.

A tensor matches when max |torch - llal| <= tol * max(1, max |llal|): tol is 1e-4, and
1e-3 for values after reductions summed in another order (training steps, losses).
Prints one line per check; exits 1 if any fails.
"""
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file

EXPORT = os.path.abspath(sys.argv[1])
sys.path.insert(0, EXPORT)
torch.set_num_threads(1)

import experiment  # noqa: E402  (the exported project)
import model as models  # noqa: E402
from strategies import select  # noqa: E402

P = experiment.PROTOCOL
FIXTURE = os.path.join(EXPORT, "parity")
failures = []


def fixture(name):
    path = os.path.join(FIXTURE, name + ".safetensors")
    return load_file(path) if os.path.exists(path) else None


def check(label, got, want, tol=1e-4):
    got = got.detach().double().cpu().reshape(-1)
    want = want.double().reshape(-1)
    if got.shape != want.shape:
        failures.append(label)
        print(f"FAIL {label}: {tuple(got.shape)} values, llal has {tuple(want.shape)}")
        return
    scale = max(1.0, float(want.abs().max())) if want.numel() else 1.0
    err = float((got - want).abs().max()) if want.numel() else 0.0
    ok = err <= tol * scale
    if not ok:
        failures.append(label)
    print(f"{'ok  ' if ok else 'FAIL'} {label}: max error {err:.2e} (scale {scale:.3g}, tol {tol:g})")


def learner(weights):
    with_module = P["learning_loss"] is not None
    l = experiment.Learner(with_module)
    models.load_llal(os.path.join(FIXTURE, weights + ".safetensors"), l.model, l.lossnet)
    return l


def state(l):
    s = {k: v for k, v in l.model.state_dict().items()}
    if l.lossnet is not None:
        s.update({"lossnet." + k: v for k, v in l.lossnet.state_dict().items()})
    return s


batch = fixture("batch")
x = batch["x"]
y = batch["targets"].long() if P["task"] == "classify" else batch["targets"]
nodes = [k[len("node."):] for k in fixture("eval") if k.startswith("node.")]

# Forward in train mode from the initial weights, and the running statistics after it.
train_forward = fixture("train_forward")
if train_forward is None:
    print("skip train-mode forward and steps: the model has dropout, whose masks llal draws")
else:
    l = learner("initial")
    l.train()
    out, values = l.model(x, taps=[n for n in nodes if n != "x"])
    check("train forward: output", out, train_forward["output"])
    for n, v in zip([n for n in nodes if n != "x"], values):
        check(f"train forward: node {n}", v, train_forward["node." + n])
    after = fixture("train")
    for k, v in state(l).items():
        if "running" in k:
            check(f"train forward: {k}", v, after[k])

# Eval mode from the weights after that pass.
ev = fixture("eval")
l = learner("train")
l.eval()
with torch.no_grad():
    out, values, predicted = l(x, taps=[n for n in nodes if n != "x"])
check("eval: output", out, ev["output"])
for n, v in zip([n for n in nodes if n != "x"], values):
    check(f"eval: node {n}", v, ev["node." + n])
check("eval: per-sample loss", experiment.per_sample_loss(out, y), ev["loss"], tol=1e-3)
if predicted is not None:
    check("eval: loss module prediction", predicted, ev["predicted_loss"])

# One optimizer step (ParityFixture's settings: the experiment's optimizer, else a stock one).
o = P["optimizer"]
stock = {"sgd": {"kind": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 5e-4, "nesterov": False},
         "adam": {"kind": "adam", "lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 5e-4}}
def step(name, dtype):
    """One step of optimizer `name` from the `train` weights in `dtype`: the weights after
    it and the gradients it took."""
    l = learner("train").to(dtype)
    l.train()
    optimizer = experiment.make_optimizer(l.parameters())
    target = y if P["task"] == "classify" else y.to(dtype)
    out, _, predicted = l(x.to(dtype))
    losses = experiment.per_sample_loss(out, target)
    total = losses.mean()
    if predicted is not None:
        total = total + P["learning_loss"]["weight"] * experiment.module_loss(predicted, losses, P["learning_loss"])
    optimizer.zero_grad()
    total.backward()
    grads = {k[len("model."):] if k.startswith("model.") else k: p.grad.double().clone()
             for k, p in l.named_parameters() if p.grad is not None}
    optimizer.step()
    return state(l), grads


for name in ("sgd", "adam") if train_forward is not None else ():
    want, start = fixture(name), fixture("train")
    P["optimizer"] = o if (o["kind"] == "sgd") == (name == "sgd") else stock[name]
    got, g32 = step(name, torch.float32)
    if name == "adam":
        # Adam's first step moves a weight by about lr * sign(g). Where float32 cannot
        # settle the sign of g (|g| within float32's error of the float64 gradient, as for
        # a bias before batch norm, whose exact gradient is 0), neither llal's nor
        # PyTorch's sign means anything: the reference is the float64 step, and those
        # entries are left out (counted in the line).
        got, g64 = step(name, torch.float64)
    for k, v in got.items():
        # The step must have moved the weights, or this check could not fail.
        if k.endswith("weight") and torch.equal(want[k], start[k]):
            failures.append(f"{name} step: {k}")
            print(f"FAIL {name} step: {k} did not change in llal's step")
        label = f"{name} step: {k}"
        if name == "adam" and k in g64:
            undetermined = g64[k].abs() <= 2 * float((g32[k] - g64[k]).abs().max())
            v = torch.where(undetermined, want[k].double(), v.double())
            label += f" ({int(undetermined.sum())} of {v.numel()} signs undetermined)"
        check(label, v, want[k], tol=1e-3)
P["optimizer"] = o

# Strategies on the same model and pool.
q = fixture("query")
pool_x = torch.from_numpy(np.load(os.path.join(EXPORT, "data", "pool_x.npy")))
labeled = [int(i) for i in q["labeled"]]
l = learner("train")
names = [k[:-len(".indices")] for k in q if k.endswith(".indices")]
for name in names:
    spec = P["strategies"][name]
    want = [int(i) for i in q[name + ".indices"]]
    candidates = list(range(len(labeled), min(len(pool_x), 200)))  # ParityFixture.poolSize
    node = [spec["node"]] if spec.get("node") else []
    inf = experiment.infer(l, pool_x, candidates, torch.device("cpu"), nodes=node)
    inference = {"count": len(candidates)}
    if P["task"] == "classify":
        inference["probabilities"] = torch.softmax(inf["out"], dim=1)
    if "pred" in inf:
        inference["predicted_loss"] = inf["pred"]
    if node:
        inference["features"] = inf[f"n:{node[0]}"]
        inference["labeled_features"] = experiment.infer(
            l, pool_x, labeled, torch.device("cpu"), nodes=node)[f"n:{node[0]}"]
    kind = spec["kind"]
    if kind in ("random", "bald", "variance"):
        print(f"skip {name}: its draws come from llal's generator")
        continue
    positions, scores = select(spec, len(want), inference, np.random.default_rng(7))
    got = [candidates[k] for k in positions]
    if kind == "badge":
        ok = got[0] == want[0]
        print(f"{'ok  ' if ok else 'FAIL'} query {name}: first pick {got[0]} (llal {want[0]}); "
              "later picks are k-means++ draws")
    elif got == want:
        ok = True
        print(f"ok   query {name}: the same {len(want)} picks")
    else:
        # Ties or float order: the scores of llal's picks must match ours, rank by rank.
        s_want = q[name + ".scores"].double().numpy()
        ok = np.allclose(np.sort(scores), np.sort(s_want), rtol=1e-4, atol=1e-5)
        print(f"{'ok  ' if ok else 'FAIL'} query {name}: picks differ at "
              f"{sum(a != b for a, b in zip(got, want))} ranks; scores agree: {ok}")
    if not ok:
        failures.append("query " + name)

print(f"{len(failures)} failed" if failures else "all parity checks passed")
sys.exit(1 if failures else 0)
