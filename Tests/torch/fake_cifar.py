"""Writes a CIFAR-10 binary directory of random images (the format of
cifar-10-binary.tar.gz: one label byte and 3072 pixel bytes per record), `n` records per
training batch and per test batch, seeded. CI has no CIFAR-10; this lets
examples/paper-cifar10.llal export and run a short cycle.

    python Tests/torch/fake_cifar.py DIR N
"""
import os
import sys

import numpy as np

folder, n = sys.argv[1], int(sys.argv[2])
os.makedirs(folder, exist_ok=True)
rng = np.random.default_rng(0)
for name in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
    labels = rng.integers(0, 10, size=(n, 1), dtype=np.uint8)
    pixels = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(np.concatenate([labels, pixels], axis=1).tobytes())
