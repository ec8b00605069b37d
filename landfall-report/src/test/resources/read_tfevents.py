#!/usr/bin/env python3
"""Independent reader for TensorBoard event files (``*.tfevents.*``).

Usage::

    python3 read_tfevents.py FILE

Why this exists
---------------
landfall-report writes TensorBoard event files from Java, using classes
generated from TensorBoard's own .proto files.  A Java test that reads those
files back with the same generated classes would only show that the writer
agrees with itself.  This script is a second, independent implementation,
written only from the file-format and protobuf wire-format specifications and
using nothing but the Python standard library (no tensorflow, tensorboard or
protobuf packages).  A Java test runs it on a file the writer produced and
compares the JSON it prints with what was written, to confirm that the file
is one TensorBoard can read.

What it checks
--------------
* TFRecord framing.  The file is a sequence of records, each::

      uint64  length            (little-endian)
      uint32  masked_crc32c(length bytes)
      byte    data[length]
      uint32  masked_crc32c(data)

  where crc32c is CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) and
  masked_crc32c(x) = (((crc >> 15) | (crc << 17)) + 0xA282EAD8) mod 2**32.
  Both CRCs of every record are verified.  Any mismatch, a truncated record,
  or a record whose data is not a well-formed protobuf message makes the
  script print a message naming the record index (0-based) and its byte
  offset to stderr and exit with status 1.

* Protobuf wire format, decoded by hand: varints, 64-bit, length-delimited
  and 32-bit fields (and groups, which are skipped).  Unknown fields are
  skipped.  Repeated doubles/floats are accepted both packed and unpacked.

Messages and field numbers used (from tensorboard/compat/proto/*.proto)::

    Event:          wall_time=1 (double), step=2 (int64),
                    file_version=3 (string), summary=5 (Summary)
    Summary:        value=1 (repeated Summary.Value)
    Summary.Value:  tag=1 (string), simple_value=2 (float),
                    histo=5 (HistogramProto), tensor=8 (TensorProto)
    HistogramProto: min=1, max=2, num=3, sum=4, sum_squares=5 (double),
                    bucket_limit=6, bucket=7 (repeated double)
    TensorProto:    dtype=1 (DataType enum), tensor_content=4 (bytes),
                    float_val=5 (repeated float),
                    double_val=6 (repeated double)

All other fields (graph_def, session_log, metadata, image, audio, ...) are
skipped.

Output
------
One JSON document on stdout::

    {"events": [
      {"wall_time": 1700000000.5, "step": 3, "file_version": null,
       "scalars": {"loss": 0.25},
       "histograms": {"weights": {"min": ..., "max": ..., "num": ...,
                                  "sum": ..., "sum_squares": ...,
                                  "bucket_limit": [...], "bucket": [...]}},
       "tensor_scalars": {"accuracy": 0.75}},
      ...]}

* ``scalars`` holds Summary.Value.simple_value (a float32, printed as the
  exact double it widens to).
* ``tensor_scalars`` holds tensor values holding exactly one element: the
  single float_val or double_val, or, when those are empty, a 4-byte
  DT_FLOAT or 8-byte DT_DOUBLE tensor_content.  Other tensors are ignored.
* Values of other kinds (image, audio, ...) are ignored.
* If one event repeats a tag within the same kind, the last value wins.
* Non-finite numbers are written as the strings "NaN", "Infinity" and
  "-Infinity", so the output stays strict JSON.
"""

import json
import math
import os
import struct
import sys

# --------------------------------------------------------------------------
# CRC-32C
# --------------------------------------------------------------------------

_CRC32C_POLY = 0x82F63B78  # Castagnoli, bit-reflected


def _make_crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            if c & 1:
                c = (c >> 1) ^ _CRC32C_POLY
            else:
                c >>= 1
        table.append(c)
    return tuple(table)


_CRC32C_TABLE = _make_crc32c_table()


def crc32c(data):
    """CRC-32C of ``data`` (bytes)."""
    crc = 0xFFFFFFFF
    table = _CRC32C_TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    """The masked CRC-32C stored in TFRecord files."""
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


# --------------------------------------------------------------------------
# TFRecord framing
# --------------------------------------------------------------------------


class FormatError(Exception):
    """The file is not a valid sequence of TFRecords of Event messages."""


def read_records(data):
    """Yield ``(index, offset, payload)`` for every record in ``data``.

    Raises FormatError on truncation or a CRC mismatch.
    """
    offset = 0
    index = 0
    end = len(data)
    while offset < end:
        where = "record %d at byte offset %d" % (index, offset)
        if end - offset < 12:
            raise FormatError(
                "%s: truncated header: need 12 bytes, only %d remain"
                % (where, end - offset))
        length_bytes = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", length_bytes)
        (length_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        expected = masked_crc32c(length_bytes)
        if length_crc != expected:
            raise FormatError(
                "%s: length CRC mismatch: stored 0x%08x, computed 0x%08x"
                % (where, length_crc, expected))
        start = offset + 12
        if end - start < length + 4:
            raise FormatError(
                "%s: truncated data: length %d plus 4-byte CRC needs %d bytes,"
                " only %d remain" % (where, length, length + 4, end - start))
        payload = data[start:start + length]
        (data_crc,) = struct.unpack("<I", data[start + length:start + length + 4])
        expected = masked_crc32c(payload)
        if data_crc != expected:
            raise FormatError(
                "%s: data CRC mismatch: stored 0x%08x, computed 0x%08x"
                % (where, data_crc, expected))
        yield index, offset, payload
        offset = start + length + 4
        index += 1


# --------------------------------------------------------------------------
# Protobuf wire format
# --------------------------------------------------------------------------

WT_VARINT = 0
WT_I64 = 1
WT_LEN = 2
WT_SGROUP = 3
WT_EGROUP = 4
WT_I32 = 5


def _read_varint(buf, pos):
    result = 0
    shift = 0
    while True:
        if pos >= len(buf):
            raise FormatError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos
        shift += 7
        if shift >= 70:
            raise FormatError("varint longer than 10 bytes")


def _read_tag(buf, pos):
    key, pos = _read_varint(buf, pos)
    field, wire_type = key >> 3, key & 7
    if field == 0:
        raise FormatError("field number 0")
    return field, wire_type, pos


def _read_value(buf, pos, field, wire_type):
    """Read one field value; return (value, new_pos).

    varint -> int (unsigned 64-bit), I64 -> 8 bytes, LEN -> bytes,
    I32 -> 4 bytes, group -> None (skipped).
    """
    if wire_type == WT_VARINT:
        return _read_varint(buf, pos)
    if wire_type == WT_I64:
        if pos + 8 > len(buf):
            raise FormatError("truncated 64-bit field %d" % field)
        return buf[pos:pos + 8], pos + 8
    if wire_type == WT_LEN:
        length, pos = _read_varint(buf, pos)
        if pos + length > len(buf):
            raise FormatError("truncated length-delimited field %d" % field)
        return buf[pos:pos + length], pos + length
    if wire_type == WT_I32:
        if pos + 4 > len(buf):
            raise FormatError("truncated 32-bit field %d" % field)
        return buf[pos:pos + 4], pos + 4
    if wire_type == WT_SGROUP:
        # Skip the group's contents up to its matching end-group tag.
        while True:
            if pos >= len(buf):
                raise FormatError("unterminated group field %d" % field)
            inner, inner_type, pos = _read_tag(buf, pos)
            if inner_type == WT_EGROUP:
                if inner != field:
                    raise FormatError("mismatched end of group %d" % field)
                return None, pos
            _, pos = _read_value(buf, pos, inner, inner_type)
    if wire_type == WT_EGROUP:
        raise FormatError("unexpected end of group %d" % field)
    raise FormatError("invalid wire type %d for field %d" % (wire_type, field))


def iter_fields(buf):
    """Yield ``(field_number, wire_type, value)`` for each field in ``buf``."""
    pos = 0
    while pos < len(buf):
        field, wire_type, pos = _read_tag(buf, pos)
        value, pos = _read_value(buf, pos, field, wire_type)
        yield field, wire_type, value


def _expect(field, wire_type, wanted, type_name):
    if wire_type != wanted:
        raise FormatError("field %d (%s) has wire type %d, expected %d"
                          % (field, type_name, wire_type, wanted))


def _double(field, wire_type, value):
    _expect(field, wire_type, WT_I64, "double")
    return struct.unpack("<d", value)[0]


def _float(field, wire_type, value):
    _expect(field, wire_type, WT_I32, "float")
    return struct.unpack("<f", value)[0]


def _string(field, wire_type, value):
    _expect(field, wire_type, WT_LEN, "string")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise FormatError("field %d is not valid UTF-8" % field)


def _message(field, wire_type, value):
    _expect(field, wire_type, WT_LEN, "message")
    return value


def _int64(field, wire_type, value):
    _expect(field, wire_type, WT_VARINT, "int64")
    return value - (1 << 64) if value >= (1 << 63) else value


def _append_repeated(out, field, wire_type, value, fmt, size):
    """Append a repeated float ("<f", 4) or double ("<d", 8), packed or not."""
    if wire_type == WT_LEN:  # packed
        if len(value) % size:
            raise FormatError("packed field %d has %d bytes, not a multiple of %d"
                              % (field, len(value), size))
        out.extend(struct.unpack("<%d%s" % (len(value) // size, fmt[1]), value))
    else:  # unpacked
        _expect(field, wire_type, WT_I32 if size == 4 else WT_I64,
                "float" if size == 4 else "double")
        out.append(struct.unpack(fmt, value)[0])


# --------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------

DT_FLOAT = 1
DT_DOUBLE = 2


def decode_histogram(buf):
    """HistogramProto -> dict."""
    h = {"min": 0.0, "max": 0.0, "num": 0.0, "sum": 0.0, "sum_squares": 0.0,
         "bucket_limit": [], "bucket": []}
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    for field, wt, value in iter_fields(buf):
        if field in names:
            h[names[field]] = _double(field, wt, value)
        elif field == 6:
            _append_repeated(h["bucket_limit"], field, wt, value, "<d", 8)
        elif field == 7:
            _append_repeated(h["bucket"], field, wt, value, "<d", 8)
    return h


def decode_tensor_scalar(buf):
    """TensorProto -> its single float/double value, or None."""
    dtype = 0
    content = b""
    floats = []
    doubles = []
    for field, wt, value in iter_fields(buf):
        if field == 1:
            _expect(field, wt, WT_VARINT, "enum")
            dtype = value
        elif field == 4:
            _expect(field, wt, WT_LEN, "bytes")
            content = value
        elif field == 5:
            _append_repeated(floats, field, wt, value, "<f", 4)
        elif field == 6:
            _append_repeated(doubles, field, wt, value, "<d", 8)
    if len(floats) == 1 and not doubles:
        return floats[0]
    if len(doubles) == 1 and not floats:
        return doubles[0]
    if not floats and not doubles:
        if dtype == DT_FLOAT and len(content) == 4:
            return struct.unpack("<f", content)[0]
        if dtype == DT_DOUBLE and len(content) == 8:
            return struct.unpack("<d", content)[0]
    return None


def decode_summary_into(buf, event):
    """Decode a Summary and add its values to ``event``."""
    for field, wt, value in iter_fields(buf):
        if field != 1:
            continue
        tag = ""
        simple = None
        histo = None
        tensor = None
        # Summary.Value.value is a oneof: the last member seen wins.
        for vf, vwt, vv in iter_fields(_message(field, wt, value)):
            if vf == 1:
                tag = _string(vf, vwt, vv)
            elif vf == 2:
                simple, histo, tensor = _float(vf, vwt, vv), None, None
            elif vf == 5:
                simple, histo, tensor = None, _message(vf, vwt, vv), None
            elif vf == 8:
                simple, histo, tensor = None, None, _message(vf, vwt, vv)
            elif vf in (3, 4, 6):  # other members of the oneof
                simple, histo, tensor = None, None, None
        if simple is not None:
            event["scalars"][tag] = simple
        elif histo is not None:
            event["histograms"][tag] = decode_histogram(histo)
        elif tensor is not None:
            scalar = decode_tensor_scalar(tensor)
            if scalar is not None:
                event["tensor_scalars"][tag] = scalar


def decode_event(buf):
    """Event -> dict."""
    event = {"wall_time": 0.0, "step": 0, "file_version": None,
             "scalars": {}, "histograms": {}, "tensor_scalars": {}}
    for field, wt, value in iter_fields(buf):
        if field == 1:
            event["wall_time"] = _double(field, wt, value)
        elif field == 2:
            event["step"] = _int64(field, wt, value)
        elif field == 3:
            event["file_version"] = _string(field, wt, value)
        elif field == 5:
            # Repeated occurrences of a message field merge; for Summary
            # that means their values are concatenated.
            decode_summary_into(_message(field, wt, value), event)
    return event


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def _json_safe(x):
    """Replace non-finite floats with strings so the output is strict JSON."""
    if isinstance(x, float):
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    if isinstance(x, dict):
        return {k: _json_safe(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_json_safe(v) for v in x]
    return x


def read_events(data):
    """Decode every record of ``data`` (bytes) into a list of event dicts."""
    events = []
    for index, offset, payload in read_records(data):
        try:
            events.append(decode_event(payload))
        except FormatError as e:
            raise FormatError("record %d at byte offset %d: bad Event message: %s"
                              % (index, offset, e))
    return events


def main(argv):
    prog = os.path.basename(argv[0]) if argv else "read_tfevents.py"
    if len(argv) != 2:
        sys.stderr.write("usage: %s FILE\n" % prog)
        return 2
    path = argv[1]
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        sys.stderr.write("%s: cannot read %s: %s\n" % (prog, path, e))
        return 1
    try:
        events = read_events(data)
    except FormatError as e:
        sys.stderr.write("%s: %s: %s\n" % (prog, path, e))
        return 1
    json.dump({"events": _json_safe(events)}, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
