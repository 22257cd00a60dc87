#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/): small valid files in
each reader's format, taken from the tests' fixtures, and a few broken ones. Run once; the files are
committed, and scripts/run-fuzz.sh adds what the fuzzer finds to a copy of them."""
import gzip
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, content):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())


def gz(data):
    return gzip.compress(data, mtime=0)


# CSV: two bytes choose d0 (1 + b0 % 4) and dL (1 + b1 % 3), the rest is the file.
write("csv_fuzz", "xy_header", b"\x01\x00" + b"x1,x2,y1\n1,2,3\n-1/2,0.25,1e-3\n")
write("csv_fuzz", "x_only", b"\x00\x00" + b"1\n2\n3\n")
write("csv_fuzz", "wide", b"\x02\x01" + b"1,2,3,4,5\n6,7,8,9,10\r\n\n")
write("csv_fuzz", "bad_width", b"\x01\x00" + b"1,2,3,4\n")
write("csv_fuzz", "bad_number", b"\x01\x00" + b"1,abc\n")

# Weights files.
write("weights_json_fuzz", "square", '{"arch":[1,1,1],"activation":"square","parameters":[1,0.5,-2,3]}')
write("weights_json_fuzz", "strings",
      json.dumps({"arch": [2, 1, 1], "activation": "poly:0,1,1/2", "bias": False,
                  "parameters": ["1/3", "-2", "0.125"], "seed": 7}))
write("weights_json_fuzz", "tree4", json.dumps({"arch": "tree4", "activation": "smoolu",
                                                "parameters": ["0"] * 9}))
write("weights_json_fuzz", "rectpow", json.dumps({"arch": [1, 2, 1], "activation": "rectpow:3",
                                                  "parameters": ["1", "2", "3", "4", "5", "6", "7"]}))
write("weights_json_fuzz", "missing", '{"arch":[1,1,1],"activation":"square"}')
write("weights_json_fuzz", "bad_arch", '{"arch":[1,"x",1],"activation":"square","parameters":[]}')

# PHCpack systems.
write("phcpack_fuzz", "decimals", "2\n x^2 + 1.5E-1*y\n - 3;\n x**3*y - 1/2;\n\nTITLE : a test\n")
write("phcpack_fuzz", "unknowns", "2 2\n x*y - 1;\n x^2 + y^2 - 4;\n")
write("phcpack_fuzz", "cyclic3", "3\n x0 + x1 + x2;\n x0*x1 + x1*x2 + x2*x0;\n x0*x1*x2 - 1;\n")
write("phcpack_fuzz", "parens", "1\n (a + 2*b)^2*(c - 1/3) - .5e1;\n")
write("phcpack_fuzz", "complex", "1\n x + i*y;\n")
write("phcpack_fuzz", "missing", "2\n x - 1;\n")

# Macaulay2 systems (the form `landscape system --format m2` writes).
write("macaulay2_fuzz", "two", "R = QQ[x, y];\nI = ideal(x^2 + 3/2*y - 3, x^3*y - 1/2);\n")
write("macaulay2_fuzz", "order", "R = QQ[w1_1_1, b1_1, MonomialOrder => Lex];\nI = ideal((w1_1_1 + b1_1)^2 - 1, 2*b1_1);\n")
write("macaulay2_fuzz", "undeclared", "R = QQ[x];\nI = ideal(x + y);\n")
write("macaulay2_fuzz", "empty", "R = QQ[x];\nI = ideal();\n")


# idx: [4 bytes big-endian length of the image file][image file][label file].
def idx(images, labels):
    return struct.pack(">I", len(images)) + images + labels


def idx_images(count, rows, cols):
    pixels = bytes((7 * k) % 256 for k in range(count * rows * cols))
    return struct.pack(">BBBBIII", 0, 0, 8, 3, count, rows, cols) + pixels


def idx_labels(labels):
    return struct.pack(">BBBBI", 0, 0, 8, 1, len(labels)) + bytes(labels)


write("idx_fuzz", "plain", idx(idx_images(3, 2, 2), idx_labels([0, 1, 2])))
write("idx_fuzz", "gzip", idx(gz(idx_images(2, 3, 1)), gz(idx_labels([5, 9]))))
write("idx_fuzz", "count_mismatch", idx(idx_images(2, 1, 1), idx_labels([1])))
write("idx_fuzz", "truncated", idx(idx_images(2, 2, 2)[:-1], idx_labels([0, 1])))

# CIFAR-10 batches: records of 1 label byte and 3072 pixel bytes.
record = lambda label: bytes([label]) + bytes((k * 13) % 256 for k in range(3072))
write("cifar_fuzz", "one", record(3))
write("cifar_fuzz", "two_gzip", gz(record(0) + record(9)))
write("cifar_fuzz", "bad_label", record(10))
write("cifar_fuzz", "short", record(1)[:100])
