"""Training-step latency of the pose model in torch on the CPU: the PyTorch side of
`llal bench train --only pose_b32,pose_lpm_b32`, in the style of the peer's
`train_step.py` (same fields, each case in a fresh process, at 2 and 1 threads).

Cases (synthetic data, fixed seeds):
  pose_b32       the hourglass-lite of `al_pose.py` (1x32x32 in, three 16x16 heatmaps
                 out), per-sample heatmap MSE (Gaussian targets, sigma 1 heatmap pixel,
                 sub-pixel centres), Adam lr 1e-3, batch 32 (the protocol's settings)
  pose_lpm_b32   same + loss prediction module on t1, t2, t3 (width 128), trained with
                 mean MSE + 1.0 * margin ranking loss (margin 1.0, halves pairing)
The model and its input run in channels_last memory format as `al_pose.py` does
(`--no-channels-last` for NCHW, as that script's flag).
Reports median/min/p90 ms per step over --steps timed steps after --warmup steps, the
inference forward (eval mode, no_grad) median, the loss of the first step and of the last,
the peak RSS of the process and the RSS right after imports.

Usage:  python bench/train_step_pose.py --peers ../shared/peers [--threads 2,1] [--cases a,b]
(`--peers`: the folder of the peer scripts, whose `_common.py` and `models.py` it uses.)
"""
import argparse
import os
import sys

import _step_timing as T

CASES = ["pose_b32", "pose_lpm_b32"]


def run_torch(args, case, C):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    import models as M
    C.set_lib_threads(args.threads, torch)
    rss_import = C.current_rss_mb()
    torch.manual_seed(0)
    batch = int(case.rsplit("_b", 1)[1])
    lpm = "_lpm_" in case

    # The model of al_pose.py, layer for layer.
    class HourglassLite(nn.Module):
        def __init__(self, joints=3):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.conv2 = nn.Conv2d(16, 32, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(32)
            self.conv3 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
            self.bn3 = nn.BatchNorm2d(64)
            self.conv4 = nn.Conv2d(64, 32, 3, padding=1, bias=False)
            self.bn4 = nn.BatchNorm2d(32)
            self.head = nn.Conv2d(32, joints, 1)
            self.tap_channels = (32, 64, 32)

        def forward(self, x):
            f = F.relu(self.bn1(self.conv1(x)))
            t1 = F.relu(self.bn2(self.conv2(F.max_pool2d(f, 2))))
            t2 = F.relu(self.bn3(self.conv3(F.max_pool2d(t1, 2))))
            u = F.interpolate(t2, scale_factor=2, mode="nearest")
            t3 = F.relu(self.bn4(self.conv4(u))) + t1
            return self.head(t3), [t1, t2, t3]

    mf = torch.channels_last if args.channels_last else torch.contiguous_format
    model = HourglassLite().to(memory_format=mf)
    lossnet = M.LossNet(model.tap_channels, 128) if lpm else None
    params = list(model.parameters()) + (list(lossnet.parameters()) if lpm else [])
    opt = torch.optim.Adam(params, lr=1e-3)
    g = torch.Generator().manual_seed(1)
    x = torch.rand((batch, 1, 32, 32), generator=g).contiguous(memory_format=mf)
    joints = torch.rand((batch, 3, 2), generator=g, dtype=torch.float64) * 32
    # al_pose.py's heatmaps: centre at joint / 2, cells at index + 0.5, sigma 1.
    c = torch.arange(16, dtype=torch.float64) + 0.5
    gx = torch.exp(-(c[None, None, :] - joints[:, :, 0:1] / 2) ** 2 / 2)
    gy = torch.exp(-(c[None, None, :] - joints[:, :, 1:2] / 2) ** 2 / 2)
    target = (gy[:, :, :, None] * gx[:, :, None, :]).float()

    def step():
        out, feats = model(x)
        tl = ((out - target) ** 2).mean(dim=(1, 2, 3))
        loss = tl.mean()
        if lpm:
            loss = loss + 1.0 * M.loss_pred_loss(lossnet(feats), tl, margin=1.0)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    times, timed = T.time_steps(step, model, lossnet, x, args, C)
    nparam = sum(p.numel() for p in params)
    return {"lib": "torch", "version": torch.__version__,
            "memory_format": "channels_last" if args.channels_last else "contiguous",
            "batch": batch, "params": nparam,
            "times": times, **timed,
            "rss_after_import_mb": rss_import}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--peers", required=True, help="the folder of the peer scripts")
    p.add_argument("--threads", default="2,1")
    p.add_argument("--cases", default=",".join(CASES))
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--no-channels-last", dest="channels_last", action="store_false",
                   help="keep NCHW tensors (default: model and input in channels_last, as al_pose.py)")
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
    fmt = [] if args.channels_last else ["--no-channels-last"]
    configs = [(int(t), ["--cases", c, "--steps", str(args.steps), "--warmup", str(args.warmup)] + fmt)
               for t in args.threads.split(",") for c in args.cases.split(",")]
    return C.run_children(os.path.abspath(__file__), configs, extra=["--peers", args.peers])


if __name__ == "__main__":
    sys.exit(main() or 0)
