/// `sources.py` of an export: CIFAR-10 and MNIST read from their own files, as llal's
/// loaders read them, for the datasets that are rows of those files.
enum SourcesRuntime {
  /// The file's text.
  static let text = #"""
"""The pool and test set read from CIFAR-10's or MNIST's own files, as llal reads them.

PROTOCOL["data"] names the source of each set: None for data/NAME_x.npy and NAME_y.npy,
written by the export, or the files (CIFAR-10's binary batches, Sources/LLALData/
CIFARLoader.swift; MNIST's uncompressed IDX files, IDXLoader.swift), whose rows
data/NAME_rows.npy lists (llal's split and subsets), and the standardisations llal
applied, in order (Normalization.swift: (x - mean[c]) * (1 / std[c]) in float32).
"""
import os

import numpy as np


def _locate(directory, names, what, candidates):
    """The path of every file of `names` in `directory` (Datasets.locate)."""
    if not os.path.isdir(directory):
        raise SystemExit(f"{directory}: no such directory (name the {what} folder with --data DIR)")
    found, missing = [], []
    for name in names:
        path = next((p for p in candidates(directory, name) if os.path.exists(p)), None)
        (found if path else missing).append(path or name)
    if missing:
        raise SystemExit(f"{directory}: missing {what} files: {', '.join(missing)} "
                         f"(name the {what} folder with --data DIR)")
    return found


def cifar10(directory, part):
    """Images [N, 3, 32, 32] (uint8) and labels of the training batches or the test batch:
    records of one label byte and 3072 pixel bytes, in `directory` or its
    cifar-10-batches-bin folder."""
    nested = os.path.join(directory, "cifar-10-batches-bin")
    root = nested if os.path.isdir(nested) else directory
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    paths = _locate(root, names, "CIFAR-10", lambda d, n: [os.path.join(d, n)])
    records = []
    for path in paths[:5] if part == "train" else paths[5:]:
        raw = np.fromfile(path, dtype=np.uint8)
        if raw.size == 0 or raw.size % 3073:
            raise SystemExit(f"{path}: {raw.size} bytes is not a whole number of 3073-byte records")
        records.append(raw.reshape(-1, 3073))
    records = np.concatenate(records)
    if records[:, 0].max() >= 10:
        raise SystemExit(f"{root}: a label is outside 0..<10; is this the CIFAR-10 binary version?")
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)


def _idx(path, ranks):
    """The unsigned-byte array of an IDX file of one of `ranks`."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw.size < 4 or raw[:3].tolist() != [0, 0, 8] or int(raw[3]) not in ranks:
        raise SystemExit(f"{path}: not an uncompressed IDX file of unsigned bytes")
    rank = int(raw[3])
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i].tobytes(), "big") for i in range(rank)]
    start, count = 4 + 4 * rank, int(np.prod(dims))
    if raw.size < start + count:
        raise SystemExit(f"{path}: truncated: {raw.size - start} bytes of {count}")
    return raw[start:start + count].reshape(dims)


def mnist(directory, part):
    """Images [N, 1, H, W] (uint8) and labels of MNIST's training or test files."""
    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    # Some copies write the first hyphen after the kind as a dot.
    paths = _locate(directory, names, "MNIST", lambda d, n: [
        os.path.join(d, n), os.path.join(d, n.replace("-idx", ".idx"))])
    images, labels = paths[:2] if part == "train" else paths[2:]
    x = _idx(images, (2, 3))
    if x.ndim == 3:
        x = x[:, None]
    y = _idx(labels, (1,)).astype(np.int64)
    if len(y) != len(x):
        raise SystemExit(f"{labels}: {len(y)} labels, but {images} holds {len(x)} images")
    return x, y


def read(spec, rows, directory=None):
    """The samples (float32) and labels of `rows` of the source `spec`, standardised as
    llal did; `directory` replaces the folder the script read."""
    x, y = {"cifar10": cifar10, "mnist": mnist}[spec["source"]](
        directory or spec["directory"], spec["part"])
    if len(rows) and rows.max() >= len(x):
        raise SystemExit(f"the export uses row {rows.max()} of {spec['source']} {spec['part']}, "
                         f"which has {len(x)}: is this the folder llal read?")
    x, y = x[rows].astype(np.float32), y[rows]
    shape = (1, -1) + (1,) * (x.ndim - 2)
    for mean, std in spec["normalize"]:
        mean = np.asarray(mean, dtype=np.float32).reshape(shape)
        scale = (np.float32(1) / np.asarray(std, dtype=np.float32)).reshape(shape)
        x = (x - mean) * scale
    return x, y
"""#
}
