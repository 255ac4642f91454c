"""Writes an MNIST directory of random images in the uncompressed IDX format
(train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-…), `n` training and `n // 2`
test images of 28 × 28, seeded. CI has no MNIST; this lets Tests/torch/mnist.llal export.

    python Tests/torch/fake_mnist.py DIR N
"""
import os
import sys

import numpy as np

folder, n = sys.argv[1], int(sys.argv[2])
os.makedirs(folder, exist_ok=True)
rng = np.random.default_rng(1)


def idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    with open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


for kind, count in (("train", n), ("t10k", n // 2)):
    idx(os.path.join(folder, f"{kind}-images-idx3-ubyte"),
        rng.integers(0, 256, size=(count, 28, 28)))
    idx(os.path.join(folder, f"{kind}-labels-idx1-ubyte"), rng.integers(0, 10, size=count))
