#!/usr/bin/env python3
"""Writes the seed inputs of the data and checkpoint fuzz targets to Fuzz/seeds/TARGET/.

Each seed is a small valid (or nearly valid) file in the framing its target expects
(see the comment at the top of each Fuzz/Fuzz*.swift): run once, output checked in.
    python3 Fuzz/make-seeds.py
"""
import json
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def write(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def split(option, first, second):
    """splitInput's framing: an option byte, the first part's length, the two parts."""
    return bytes([option]) + struct.pack("<H", len(first)) + first + second


def npy(descr, shape, body, version=1):
    """An .npy file as numpy.save writes it."""
    shape_text = "(" + "".join(f"{d}, " for d in shape)[:-2] + ("," if len(shape) == 1 else "") + ")"
    header = f"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape_text}, }}"
    prefix = 10 if version == 1 else 12
    total = (prefix + len(header) + 1 + 63) // 64 * 64
    header = header + " " * (total - prefix - len(header) - 1) + "\n"
    length = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header.encode() + body


def idx(dims, body):
    """An unsigned-byte IDX file."""
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + body


def safetensors(tensors, metadata=None):
    """A safetensors file of F32 tensors, (name, shape, values), back to back."""
    header, offset, data = {}, 0, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, shape, values in tensors:
        raw = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return text, data


# CSV: byte 0 holds the options (see FuzzCSV.swift).
write("csv", "header", b"\x00a,b,label\n1.5,2,0\n-3,4e1,2\n")
write("csv", "names", b'\x00"x, y",z,kind\n1,2,"set""osa"\n3,4,virginica\n')
write("csv", "first-column", b"\x05y,a,b\n0,1,2\r\n1,3,4\r\n\r\n")
write("csv", "named", b"\x03a,y\n1,0\n2,1\n")
write("csv", "tabs", b"\x28\xef\xbb\xbf1\t2\t0\n3\t4\t1\n")
write("csv", "nan", b"\x00 1 , nan ,0\n2,inf,1\n")

# NPY: splitInput framing, features then labels.
f4 = npy("<f4", (2, 3), struct.pack("<6f", 1, 2, 3, 4, 5, 6.5))
f8 = npy("<f8", (2,), struct.pack("<2d", 0.5, -2), version=2)
images = npy("|u1", (2, 1, 2, 2), bytes(range(8)))
write("npy", "f4-i8", split(0, f4, npy("<i8", (2,), struct.pack("<2q", 1, 0))))
write("npy", "f8-f4", split(1, f8, npy("<f4", (2, 1), struct.pack("<2f", 3, 9))))
write("npy", "u1-u1", split(0, images, npy("|u1", (2,), bytes([0, 7]))))
write("npy", "scalar", split(0, npy("<f8", (), struct.pack("<d", 2.5)), b""))

# IDX: splitInput framing, images then labels.
write("idx", "images", split(0, idx([3, 2, 2], bytes(range(12))), idx([3], bytes([3, 0, 9]))))
write("idx", "vectors", split(1, idx([2, 4], bytes(range(8))), idx([2], bytes([1, 2]))))

# CIFAR-10: whole records of a label byte and 3,072 pixel bytes.
write("cifar", "one", bytes([3]) + bytes(i % 256 for i in range(3072)))
write("cifar", "two", b"".join(bytes([r * 9]) + bytes((r + i) % 256 for i in range(3072)) for r in range(2)))

# Safetensors: a whole file, and the header-NUL-data form.
for name, tensors, metadata in [
    ("one", [("w", [2, 3], [1, 2, 3, 4, 5, 6])], {"format": "llal"}),
    ("three", [("a", [], [0.5]), ("b", [0, 4], []), ("c.weight", [2], [-1, 1e-3])], None),
    ("empty", [], None),
]:
    text, data = safetensors(tensors, metadata)
    write("safetensors", f"{name}-file", struct.pack("<Q", len(text)) + text + data)
    write("safetensors", f"{name}-header", text + b"\x00" + data)
