"""Sharded inference under torchrun equals one process's: every rank scores its share
of the indices (padded to equal shares), the rows are gathered in the order of the
indices and the padding dropped (experiment.shard_and_gather).

    torchrun --nproc-per-node=2 Tests/torch/sharding.py EXPORT_DIR
"""
import os
import sys

import torch
import torch.distributed as dist

sys.path.insert(0, os.path.abspath(sys.argv[1]))
import experiment  # noqa: E402

dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
torch.manual_seed(0)
learner = experiment.Learner(experiment.PROTOCOL["learning_loss"] is not None)
x, _ = experiment.load("pool")
# An odd count with repeats and a reversed order, so shares are padded and order matters.
indices = [9, 3, 3, 0, 7, 12, 5][: 7 if len(x) > 12 else 3]
node = experiment.models.LossNet.taps[0] if learner.lossnet is not None else None
nodes = (node,) if node else ()
device = torch.device("cpu")
whole = experiment.infer(learner, x, indices, device, nodes=nodes, dist_info=(0, 1))
shared = experiment.infer(learner, x, indices, device, nodes=nodes, dist_info=(rank, world))
ok = set(whole) == set(shared) and all(
    shared[k].shape == whole[k].shape and torch.allclose(shared[k], whole[k], atol=1e-6)
    for k in whole)
if rank == 0:
    print(f"{'ok  ' if ok else 'FAIL'} sharded inference over {world} ranks: "
          f"{len(indices)} rows of {sorted(whole)} as one process gives them")
dist.destroy_process_group()
sys.exit(0 if ok else 1)
