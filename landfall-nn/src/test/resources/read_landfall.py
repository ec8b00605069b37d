"""An independent reader of .landfall model files, using only the Python standard library.

Opens the zip, checks every entry's SHA-256 against metadata.json, parses weights.safetensors
(8-byte little-endian header length, JSON header, data offsets relative to the end of the header,
no holes or overlaps) and prints a JSON summary: format version, tensor names, shapes, dtypes and
the sum of each tensor's values.
"""
import hashlib
import json
import struct
import sys
import zipfile

SIZES = {"F32": (4, "f"), "F64": (8, "d"), "I32": (4, "i"), "I8": (1, "b"), "BOOL": (1, "?")}


def main(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if len(names) != len(set(names)):
            raise SystemExit("duplicate entries")
        meta = json.loads(z.read("metadata.json"))
        for name in names:
            if name == "metadata.json":
                continue
            digest = hashlib.sha256(z.read(name)).hexdigest()
            if digest != meta["sha256"][name]:
                raise SystemExit("digest mismatch for " + name)
        model = json.loads(z.read("model.json"))
        blob = z.read("weights.safetensors")
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    data = blob[8 + header_len:]
    tensors = {}
    spans = []
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        size, code = SIZES[spec["dtype"]]
        begin, end = spec["data_offsets"]
        count = 1
        for d in spec["shape"]:
            count *= d
        if end - begin != count * size:
            raise SystemExit("size mismatch for " + name)
        values = struct.unpack("<%d%s" % (count, code), data[begin:end])
        tensors[name] = {"dtype": spec["dtype"], "shape": spec["shape"], "sum": float(sum(values))}
        spans.append((begin, end))
    spans.sort()
    at = 0
    for begin, end in spans:
        if begin != at:
            raise SystemExit("hole or overlap at %d" % at)
        at = end
    if at != len(data):
        raise SystemExit("trailing bytes")
    print(json.dumps({"formatVersion": model["formatVersion"], "tensors": tensors}, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
