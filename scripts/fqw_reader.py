#!/usr/bin/env python3
"""Independent .fqw reader written from docs/format.md alone (standard library only).

Usage: fqw_reader.py FILE.fqw   -> prints a JSON summary per tensor (shape, encoding,
bits per weight, outlier clusters, value histogram, scale range), exit 1 on a bad file.
It exists to show the format document is complete: testbench/cli/test_fqw_python_reader.sh
compares its output with `fineq inspect --json`.
"""
import json
import struct
import sys
import zlib

MAGIC = b"FINEQFQW"


class FormatError(Exception):
    pass


def half_to_float(bits):
    return struct.unpack("<e", struct.pack("<H", bits))[0]


def twos(code, bits):
    return code - (1 << bits) if code >= 1 << (bits - 1) else code


def decode_fineq_row(row, cols, normal, outlier):
    values = []
    for byte in row:
        idx, payload = byte >> 6, byte & 0x3F
        if idx == 0:
            values += [normal[(payload >> 4) & 3], normal[(payload >> 2) & 3], normal[payload & 3]]
        else:
            pair = [outlier[payload >> 3], outlier[payload & 7]]
            values += pair[: idx - 1] + [0] + pair[idx - 1:]
    return values[:cols]


def decode_intb_row(row, cols, bits):
    word = int.from_bytes(row, "little")  # bit i of the row = bit i of this integer
    return [twos((word >> (k * bits)) & ((1 << bits) - 1), bits) for k in range(cols)]


def read(path):
    data = open(path, "rb").read()
    if len(data) < 32 or data[:8] != MAGIC:
        raise FormatError("not a .fqw file")
    version, count, file_length, flags, crc = struct.unpack_from("<IIQII", data, 8)
    if version != 1 or zlib.crc32(data[:28]) != crc or file_length != len(data) or flags != 0 or count < 1:
        raise FormatError("bad file header")
    tensors, names, pos = [], set(), 32
    for index in range(count):
        if pos + 64 > len(data):
            raise FormatError(f"tensor {index}: truncated descriptor")
        (record_length, name_length, encoding, bits, rows, cols, rule, reserved, threshold, group,
         normal, outlier, fp16_count, scale_count, payload_length) = struct.unpack_from(
            "<QHBBIIB3sfI4s8sIQQ", data, pos)
        name_end = pos + 64 + name_length
        if name_length < 1 or name_end + 4 > len(data):
            raise FormatError(f"tensor {index}: bad name_length")
        if zlib.crc32(data[pos:name_end]) != struct.unpack_from("<I", data, name_end)[0]:
            raise FormatError(f"tensor {index}: descriptor checksum mismatch")
        name = data[pos + 64:name_end].decode("utf-8")
        if name in names:
            raise FormatError(f"tensor {index}: duplicate name {name!r}")
        names.add(name)
        if encoding not in (1, 2, 3) or rule > 2 or reserved != b"\0\0\0" or rows < 1 or cols < 1:
            raise FormatError(f"tensor {index} {name!r}: bad descriptor field")
        normal, outlier = list(struct.unpack("<4b", normal)), list(struct.unpack("<8b", outlier))
        if encoding == 1:
            row_bytes = (cols + 2) // 3
        else:
            row_bytes = (cols * bits + 7) // 8
        groups = 1 if group == 0 else (cols + group - 1) // group
        if scale_count != rows * groups or payload_length != rows * row_bytes:
            raise FormatError(f"tensor {index} {name!r}: counts do not match the shape")
        start = name_end + 4
        end = start + 2 * scale_count + payload_length + 4 * fp16_count + 2 * rows * fp16_count
        if record_length != end + 4 - pos or end + 4 > len(data):
            raise FormatError(f"tensor {index} {name!r}: bad record_length")
        if zlib.crc32(data[start:end]) != struct.unpack_from("<I", data, end)[0]:
            raise FormatError(f"tensor {index} {name!r}: data checksum mismatch")
        scales = struct.unpack_from(f"<{scale_count}H", data, start)
        payload = data[start + 2 * scale_count:start + 2 * scale_count + payload_length]
        columns_at = start + 2 * scale_count + payload_length
        fp16_columns = list(struct.unpack_from(f"<{fp16_count}I", data, columns_at))
        fp16_values = struct.unpack_from(f"<{rows * fp16_count}H", data, columns_at + 4 * fp16_count)
        histogram = {}
        for r in range(rows):
            row = payload[r * row_bytes:(r + 1) * row_bytes]
            values = (decode_fineq_row(row, cols, normal, outlier) if encoding == 1
                      else decode_intb_row(row, cols, bits))
            for k, v in enumerate(values):
                if k not in fp16_columns:
                    histogram[str(v)] = histogram.get(str(v), 0) + 1
        scale_values = [half_to_float(s) for s in scales]
        stored = payload_length + 2 * scale_count + 4 * fp16_count + 2 * len(fp16_values)
        outliers = sum(1 for b in payload if b >> 6) if encoding == 1 else 0
        tensors.append({
            "name": name, "rows": rows, "cols": cols, "encoding": encoding, "bits": bits,
            "rule": rule, "threshold": threshold, "group_size": group,
            "normal_by_code": normal, "outlier_by_code": outlier, "fp16_columns": fp16_columns,
            "bits_per_weight": 8.0 * stored / (rows * cols),
            "clusters": payload_length if encoding == 1 else 0, "outlier_clusters": outliers,
            "value_histogram": histogram,
            "scale_min": min(scale_values), "scale_max": max(scale_values),
        })
        pos += record_length
    if pos != len(data):
        raise FormatError("bytes after the last tensor")
    return tensors


if __name__ == "__main__":
    try:
        print(json.dumps(read(sys.argv[1]), indent=1))
    except (FormatError, struct.error, UnicodeDecodeError, OSError) as error:
        print(f"{sys.argv[1]}: {error}", file=sys.stderr)
        sys.exit(1)
