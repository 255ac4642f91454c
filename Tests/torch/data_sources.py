"""The pool and test set an export reads from CIFAR-10's or MNIST's own files are llal's.

    python Tests/torch/data_sources.py EXPORT_DIR [DATA_DIR]

EXPORT_DIR is what `llal export ... --parity-fixture` wrote for a script whose data come
from cifar10(...) or mnist(...). `experiment.load` reads the files (from DATA_DIR when
given), takes the rows llal's split kept and standardises them; its first rows and the
sets' sizes must equal llal's own (parity/batch.safetensors) bit for bit, and the export
must hold no copy of the images. Exits 1 if a check fails.
"""
import os
import sys

import torch
from safetensors.torch import load_file

EXPORT = os.path.abspath(sys.argv[1])
DATA = sys.argv[2] if len(sys.argv) > 2 else None
sys.path.insert(0, EXPORT)

import experiment  # noqa: E402  (the exported project)

batch = load_file(os.path.join(EXPORT, "parity", "batch.safetensors"))
failures = []
for name, prefix in (("pool", ""), ("test", "test_")):
    spec = experiment.PROTOCOL["data"][name]
    copied = os.path.exists(os.path.join(EXPORT, "data", f"{name}_x.npy"))
    if spec is None or copied:
        failures.append(name)
        print(f"FAIL {name}: the export copied the samples instead of naming their files")
        continue
    x, y = experiment.load(name, DATA)
    want_x, want_y = batch[prefix + "x"], batch[prefix + "targets"]
    rows = want_x.shape[0]
    count = int(batch["counts"][0 if name == "pool" else 1])
    same = (len(x) == count and x.dtype == torch.float32 and torch.equal(x[:rows], want_x)
            and torch.equal(y[:rows].float(), want_y))
    if not same:
        failures.append(name)
    print(f"{'ok  ' if same else 'FAIL'} {name}: {len(x)} samples read from {spec['source']} "
          f"{spec['part']} (llal {count}); the first {rows} equal llal's bit for bit: {same}")
print(f"{len(failures)} failed" if failures else "the data read from the source files are llal's")
sys.exit(1 if failures else 0)
