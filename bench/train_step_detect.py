"""Training-step latency of the detection model in torch on the CPU: the PyTorch side of
`llal bench train --only detect_b32,detect_lpm_b32`, in the style of the peer's
`train_step.py` (same fields, each case in a fresh process, at 2 and 1 threads).

Cases (generated data, fixed seeds):
  detect_b32      the SSD-lite of `al_detect.py` (1x32x32 in, 544 anchors, 4 class logits
                  and 4 offsets per anchor), per-image multibox loss (cross-entropy of the
                  positives and of the hard negatives at 3:1, at least 3, plus smooth L1 of
                  the positives, over max(1, positives)), SGD lr 0.01 momentum 0.9 weight
                  decay 5e-4, batch 32 (the protocol's settings)
  detect_lpm_b32  same + loss prediction module on t1, t2, t3 (width 128), trained with
                  mean loss + 1.0 * margin ranking loss (margin 1.0, halves pairing)
The batch is 32 images of `make_detect.py` (seed 1) with their boxes, matched to the
anchors by `al_detect.py`'s `build_targets`. The model runs in channels_last memory format
as `al_detect.py` does (`--memory-format contiguous` for NCHW).
Reports median/min/p90 ms per step over --steps timed steps after --warmup steps, the
inference forward (eval mode, no_grad) median, the loss of the first step and of the last,
the peak RSS of the process and the RSS right after imports.

Usage:  python bench/train_step_detect.py --peers ../shared/peers [--threads 2,1] [--cases a,b]
(`--peers`: the folder of the peer scripts, whose `_common.py`, `models.py`,
`al_detect.py` and `make_detect.py` it uses.)
"""
import argparse
import os
import sys

import _step_timing as T

CASES = ["detect_b32", "detect_lpm_b32"]


def run_torch(args, case, C):
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import al_detect as D
    import make_detect
    import models as M
    C.set_lib_threads(args.threads, torch)
    rss_import = C.current_rss_mb()
    torch.manual_seed(0)
    batch = int(case.rsplit("_b", 1)[1])
    lpm = "_lpm_" in case
    mem_fmt = torch.channels_last if args.memory_format == "channels_last" else torch.contiguous_format
    K = D.NUM_CLASSES + 1

    # The model of al_detect.py, layer for layer (it is defined inside that script's main).
    class SSDLite(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.conv2 = nn.Conv2d(16, 32, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(32)
            self.conv3 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
            self.bn3 = nn.BatchNorm2d(64)
            self.conv4 = nn.Conv2d(64, 64, 3, stride=2, padding=1, bias=False)
            self.bn4 = nn.BatchNorm2d(64)
            na = [len(sizes) * len(pos) for _, _, sizes, pos in D.ANCHOR_LAYOUT]
            self.cls_a = nn.Conv2d(64, na[0] * K, 3, padding=1)
            self.box_a = nn.Conv2d(64, na[0] * 4, 3, padding=1)
            self.cls_b = nn.Conv2d(64, na[1] * K, 3, padding=1)
            self.box_b = nn.Conv2d(64, na[1] * 4, 3, padding=1)
            self.tap_channels = (32, 64, 64)

        def forward(self, x):
            f = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
            t1 = F.relu(self.bn2(self.conv2(f)))
            a = F.relu(self.bn3(self.conv3(F.max_pool2d(t1, 2))))
            b = F.relu(self.bn4(self.conv4(a)))
            n = x.shape[0]

            def flat(t, d):
                return t.permute(0, 2, 3, 1).reshape(n, -1, d)
            cls = torch.cat([flat(self.cls_a(a), K), flat(self.cls_b(b), K)], 1)
            box = torch.cat([flat(self.box_a(a), 4), flat(self.box_b(b), 4)], 1)
            return (cls, box), [t1, a, b]

    def log_softmax(z):
        # as al_detect.py: ATen's log_softmax is slow for a class dim of 4
        z = z - z.detach().amax(-1, keepdim=True)
        return z - z.exp().sum(-1, keepdim=True).log()

    def per_image_loss(cls, box, tc, tl):
        # al_detect.py's per_image_loss with its defaults (neg_ratio 3, min_neg 3)
        ce = -log_softmax(cls).gather(2, tc[..., None]).squeeze(2)
        pos = tc > 0
        npos = pos.sum(1)
        with torch.no_grad():
            neg_ce = ce.detach().masked_fill(pos, float("-inf"))
            nneg = torch.minimum(torch.clamp(3 * npos, min=3), pos.shape[1] - npos)
            kth = neg_ce.topk(int(nneg.max()), dim=1).values.gather(1, (nneg - 1).clamp(min=0)[:, None])
            sel = pos | ((neg_ce >= kth) & (nneg[:, None] > 0))
        cls_loss = (ce * sel).sum(1)
        loc_loss = (F.smooth_l1_loss(box, tl, reduction="none").sum(2) * pos).sum(1)
        return (cls_loss + loc_loss) / npos.clamp(min=1)

    model = SSDLite().to(memory_format=mem_fmt)
    lossnet = M.LossNet(model.tap_channels, 128) if lpm else None
    params = list(model.parameters()) + (list(lossnet.parameters()) if lpm else [])
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9, weight_decay=5e-4)
    # make_detect.py's images and boxes with its default settings.
    gen = argparse.Namespace(min_side=6, max_side=12, max_iou=0.3, max_specks=8, noise=0.15,
                             min_intensity=0.2, max_speck_size=3, min_speck_intensity=0.2)
    xs, ys = make_detect.make_split(batch, np.random.default_rng(1), gen)
    tc, tl = D.build_targets(np, ys, D.make_anchors(np), 0.5, [0.1, 0.2])
    x = torch.from_numpy(xs.astype(np.float32) / 255.0).contiguous(memory_format=mem_fmt)
    tc, tl = torch.from_numpy(tc), torch.from_numpy(tl)

    def step():
        (cls, box), feats = model(x)
        il = per_image_loss(cls, box, tc, tl)
        loss = il.mean()
        if lpm:
            loss = loss + 1.0 * M.loss_pred_loss(lossnet(feats), il, margin=1.0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    times, timed = T.time_steps(step, model, lossnet, x, args, C)
    nparam = sum(p.numel() for p in params)
    return {"lib": "torch", "version": torch.__version__, "memory_format": args.memory_format,
            "batch": batch, "params": nparam, "times": times,
            **timed,
            "rss_after_import_mb": rss_import}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--peers", required=True, help="the folder of the peer scripts")
    p.add_argument("--threads", default="2,1")
    p.add_argument("--cases", default=",".join(CASES))
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--memory-format", choices=("channels_last", "contiguous"), default="channels_last",
                   help="layout of the detector and its input, as al_detect.py's flag")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sys.path.insert(0, os.path.abspath(args.peers))
    import _common as C
    if args.child:
        args.threads = int(args.threads)
        C.child_setup(args.threads)
        r = run_torch(args, args.cases, C)
        T.emit_child(args, C, r.pop("times"), r)
        return 0
    C.emit({"bench": "train_step", "meta": C.machine_meta()})
    for case in args.cases.split(","):
        if case not in CASES:
            p.error(f"unknown case {case!r} (cases: {', '.join(CASES)})")
    configs = [(int(t), ["--cases", c, "--steps", str(args.steps), "--warmup", str(args.warmup),
                         "--memory-format", args.memory_format])
               for t in args.threads.split(",") for c in args.cases.split(",")]
    return C.run_children(os.path.abspath(__file__), configs, extra=["--peers", args.peers])


if __name__ == "__main__":
    sys.exit(main() or 0)
