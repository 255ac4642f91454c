#!/usr/bin/env python3
"""Writes Sources/LLALData/Resources/digits.bin from scikit-learn's load_digits().

The bundled file is the UCI optical-recognition handwritten digits test set
(Alpaydin & Kaynak 1998, CC BY 4.0) exactly as scikit-learn ships it: 1,797
8x8 images with integer pixels 0..16 and labels 0..9. Run once; the output is
committed. Layout (all integers little-endian):

  offset  size        field
  0       8           magic b"LLALDIG1"
  8       4           image count N (u32)
  12      1           height (8)
  13      1           width (8)
  14      1           class count (10)
  15      1           largest pixel value (16)
  16      N*H*W       pixels, one byte each, image after image, row-major
  16+N*H*W N          labels, one byte each
  end-4   4           CRC-32 (zlib/IEEE) of every byte before it
"""
import pathlib
import struct
import sys
import zlib

import numpy as np
from sklearn.datasets import load_digits


def main() -> None:
    root = pathlib.Path(__file__).resolve().parent.parent
    out = root / "Sources" / "LLALData" / "Resources" / "digits.bin"
    digits = load_digits()
    images = digits.images
    labels = digits.target
    # The data are integers stored as float64; refuse anything else.
    if not np.array_equal(images, np.round(images)) or images.min() < 0 or images.max() > 16:
        sys.exit("unexpected pixel values")
    n, h, w = images.shape
    header = b"LLALDIG1" + struct.pack("<IBBBB", n, h, w, 10, 16)
    body = images.astype(np.uint8).tobytes() + labels.astype(np.uint8).tobytes()
    payload = header + body
    out.write_bytes(payload + struct.pack("<I", zlib.crc32(payload)))
    print(f"wrote {out} ({len(payload) + 4} bytes, {n} images, crc32 {zlib.crc32(payload):08x})")


if __name__ == "__main__":
    main()
