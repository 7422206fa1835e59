#!/usr/bin/env python3
"""Writes the LoadSense v1 and Polar PMD golden vectors (JSON), then the C header the CTest suite reads.

This is an independent third implementation of firmware-protocol/SPEC.md (the C reference and
the C# decoder are the other two), so a mistake has to be made twice, identically, to pass.

  /usr/bin/python3 firmware-protocol/vectors/make_vectors.py          regenerate
  /usr/bin/python3 firmware-protocol/vectors/make_vectors.py --check  fail when a committed JSON file is stale

Only the Python standard library is used.
"""
import json
import math
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADER_SIZE = 12
SAMPLE_SIZE = 6
TICKS_PER_SECOND = 32768
FLAG_RESTART = 0x01
FLAG_OVERFLOW = 0x02


def max_samples(mtu):
    return min(255, (mtu - 3 - HEADER_SIZE) // SAMPLE_SIZE)


def encode(seq, t_ticks, rate_dhz, range_g, samples, flags=0, version=1):
    out = struct.pack("<BBHIHBB", version, flags, seq, t_ticks, rate_dhz, range_g, len(samples))
    for x, y, z in samples:
        out += struct.pack("<hhh", x, y, z)
    return out


def to_g(raw, range_g):
    # float32 exact: |raw * range| < 2^24 and the division is by a power of two.
    return raw * range_g / 32768.0


def frame_case(name, description, seq, t_ticks, rate_dhz, range_g, samples, flags=0, mtu=None):
    data = encode(seq, t_ticks, rate_dhz, range_g, samples, flags)
    if mtu is not None:
        assert len(data) <= mtu - 3, name
    case = {
        "name": name,
        "description": description,
        "hex": data.hex(),
        "expect": {
            "version": 1,
            "flags": flags,
            "seq": seq,
            "t_ticks": t_ticks,
            "t_seconds": t_ticks / TICKS_PER_SECOND,
            "rate_dhz": rate_dhz,
            "rate_hz": rate_dhz / 10,
            "range_g": range_g,
            "count": len(samples),
            "samples": [list(s) for s in samples],
            "samples_g": [[to_g(v, range_g) for v in s] for s in samples],
        },
    }
    if mtu is not None:
        case["mtu"] = mtu
    return case


def pattern(n, start=0):
    # Deterministic samples that exercise sign, extremes and every byte lane.
    out = []
    for i in range(n):
        k = start + i
        out.append(((k * 1237) % 65536 - 32768, (k * -911 + 4096) % 65536 - 32768, 4096 + (k % 7) * 3 - 9))
    return out


def loadsense_v1():
    frames = [
        frame_case("one_sample_at_rest", "One sample lying flat at +-8 g: z = 4096 LSB = 1 g.",
                   0, 0, 1000, 8, [(0, 0, 4096)]),
        frame_case("mtu23_full", "MTU 23: 20-byte notification, one sample (12 + 6 = 18 bytes).",
                   1, 327, 1040, 8, [(-12, 305, 4090)], mtu=23),
        frame_case("mtu247_full", "MTU 247: 244-byte notification carries 38 samples (12 + 228 = 240 bytes).",
                   2, 1000, 1040, 16, pattern(max_samples(247)), mtu=247),
        frame_case("extremes", "int16 extremes on every axis at +-16 g: -32768 is exactly -16 g.",
                   3, 123456, 2000, 16, [(-32768, 32767, 0), (32767, -32768, -1), (1, -1, 0)]),
        frame_case("seq_max", "Last sequence number before the wrap (65535).",
                   65535, 40000, 1000, 4, [(10, 20, 8192)]),
        frame_case("seq_wrapped", "Sequence number after the wrap (0), continuing seq_max.",
                   0, 40328, 1000, 4, [(11, 21, 8191)]),
        frame_case("timestamp_max", "First-sample time just before the 2^32-tick wrap (131072 s, about 36.4 h).",
                   7, 0xFFFFFF00, 1000, 8, [(1, 2, 3), (4, 5, 6)]),
        frame_case("timestamp_wrapped", "Time after the wrap: 0xFFFFFF00 + 2 samples x 327.68 ticks, modulo 2^32.",
                   8, (0xFFFFFF00 + 655) % 2**32, 1000, 8, [(7, 8, 9)]),
        frame_case("restart_flag", "RESTART flag: the device (re)started streaming; sequence and clock start anew.",
                   0, 5, 125, 2, [(0, 16384, 0)], flags=FLAG_RESTART),
        frame_case("overflow_flag", "OVERFLOW flag: the device's FIFO dropped samples before this frame.",
                   9, 99999, 1000, 8, [(0, 0, 4096)], flags=FLAG_OVERFLOW),
        frame_case("reserved_flags_ignored", "Reserved flag bits (0xFC) are ignored by v1 receivers.",
                   10, 100, 1000, 8, [(0, 0, 4096)], flags=0xFC | FLAG_OVERFLOW),
        frame_case("high_g_range", "A +-200 g impact sensor: 1 LSB = 200/32768 g.",
                   11, 2000, 32000, 200, [(164, -164, 16384)]),
        frame_case("max_count", "255 samples (an MTU of 1545 or more; the count field's maximum).",
                   12, 77, 16660, 8, pattern(255, 3)),
    ]
    good = encode(5, 1000, 1000, 8, [(0, 0, 4096), (1, 1, 4095)])
    invalid = [
        {"name": "empty_input", "description": "No bytes at all.", "hex": "", "error": "too_short"},
        {"name": "version_2", "description": "A frame of a later version: dropped and counted, never guessed at.",
         "hex": (b"\x02" + good[1:]).hex(), "error": "unsupported_version"},
        {"name": "version_0", "description": "Version 0 does not exist.", "hex": (b"\x00" + good[1:]).hex(),
         "error": "unsupported_version"},
        {"name": "header_cut", "description": "Header cut to 11 bytes.", "hex": good[:11].hex(), "error": "too_short"},
        {"name": "version_only", "description": "Just the version byte.", "hex": "01", "error": "too_short"},
        {"name": "count_zero", "description": "A header announcing no samples.",
         "hex": encode(5, 1000, 1000, 8, []).hex(), "error": "empty"},
        {"name": "truncated_samples", "description": "Count says 2, one byte of the last sample missing.",
         "hex": good[:-1].hex(), "error": "length_mismatch"},
        {"name": "trailing_byte", "description": "One byte more than the count announces.",
         "hex": (good + b"\x00").hex(), "error": "length_mismatch"},
        {"name": "count_too_large", "description": "Count 3 with only 2 samples present.",
         "hex": (good[:11] + b"\x03" + good[12:]).hex(), "error": "length_mismatch"},
        {"name": "rate_zero", "description": "Sample rate 0 Hz.", "hex": encode(5, 1000, 0, 8, [(0, 0, 1)]).hex(),
         "error": "bad_rate"},
        {"name": "range_zero", "description": "Range 0 g.", "hex": encode(5, 1000, 1000, 0, [(0, 0, 1)]).hex(),
         "error": "bad_range"},
    ]

    # Streams check the receiver rules (SPEC.md, "Receiving"): each frame's outcome in order.
    def f(seq, t, n=2, flags=0, rate=1000):
        return encode(seq, t % 2**32, rate, 8, pattern(n, seq), flags).hex()

    p = 2 * 327.68  # ticks per 2-sample frame at 100 Hz
    streams = [
        {"name": "continuous", "description": "Three frames in order: no gap.",
         "frames": [f(0, 0), f(1, round(p)), f(2, round(2 * p))],
         "expect": [{"status": "decoded", "seq": 0, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "decoded", "seq": 1, "gap_before": False, "lost": 0, "t_first_ticks": round(p)},
                    {"status": "decoded", "seq": 2, "gap_before": False, "lost": 0, "t_first_ticks": round(2 * p)}],
         "counters": {"frames": 3, "samples": 6, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "seq_wrap", "description": "65534, 65535, 0, 1: the wrap is not a gap.",
         "frames": [f(65534, 1000), f(65535, 1000 + round(p)), f(0, 1000 + round(2 * p)), f(1, 1000 + round(3 * p))],
         "expect": [{"status": "decoded", "seq": 65534, "gap_before": False, "lost": 0, "t_first_ticks": 1000},
                    {"status": "decoded", "seq": 65535, "gap_before": False, "lost": 0, "t_first_ticks": 1000 + round(p)},
                    {"status": "decoded", "seq": 65536, "gap_before": False, "lost": 0, "t_first_ticks": 1000 + round(2 * p)},
                    {"status": "decoded", "seq": 65537, "gap_before": False, "lost": 0, "t_first_ticks": 1000 + round(3 * p)}],
         "counters": {"frames": 4, "samples": 8, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "timestamp_wrap", "description": "The 32-bit tick counter wraps between frames: time keeps increasing.",
         "frames": [f(3, 2**32 - 300), f(4, 2**32 - 300 + round(p))],
         "expect": [{"status": "decoded", "seq": 3, "gap_before": False, "lost": 0, "t_first_ticks": 2**32 - 300},
                    {"status": "decoded", "seq": 4, "gap_before": False, "lost": 0, "t_first_ticks": 2**32 - 300 + round(p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "lost_frames", "description": "Sequence 10 then 13: two frames lost, the gap is flagged, not bridged.",
         "frames": [f(10, 0), f(13, round(3 * p))],
         "expect": [{"status": "decoded", "seq": 10, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "decoded", "seq": 13, "gap_before": True, "lost": 2, "t_first_ticks": round(3 * p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 2, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 0}},
        {"name": "lost_across_wrap", "description": "65535 then 1: frame 0 lost across the wrap.",
         "frames": [f(65535, 0), f(1, round(2 * p))],
         "expect": [{"status": "decoded", "seq": 65535, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "decoded", "seq": 65537, "gap_before": True, "lost": 1, "t_first_ticks": round(2 * p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 1, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 0}},
        {"name": "duplicate", "description": "The same frame twice (a host replaying a notification): dropped once.",
         "frames": [f(20, 0), f(20, 0), f(21, round(p))],
         "expect": [{"status": "decoded", "seq": 20, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "duplicate"},
                    {"status": "decoded", "seq": 21, "gap_before": False, "lost": 0, "t_first_ticks": round(p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 1, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "time_jump_same_seq_run", "description": "Consecutive sequence numbers but the clock jumped 1 s: a device-side loss, flagged.",
         "frames": [f(30, 0), f(31, 32768)],
         "expect": [{"status": "decoded", "seq": 30, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "decoded", "seq": 31, "gap_before": True, "lost": 0, "t_first_ticks": 32768}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 0}},
        {"name": "overflow_flag", "description": "The device reports a FIFO overflow: gap flagged even though seq and time look continuous.",
         "frames": [f(40, 0), f(41, round(p), flags=FLAG_OVERFLOW)],
         "expect": [{"status": "decoded", "seq": 40, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "decoded", "seq": 41, "gap_before": True, "lost": 0, "t_first_ticks": round(p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 0}},
        {"name": "restart", "description": "The device restarts (RESTART flag, seq 0, clock near 0): a gap and a reset, no lost count; the receiver's time keeps increasing.",
         "frames": [f(500, 100000), f(0, 50, flags=FLAG_RESTART), f(1, 50 + round(p))],
         "expect": [{"status": "decoded", "seq": 500, "gap_before": False, "lost": 0, "t_first_ticks": 100000},
                    {"status": "decoded", "seq": 0, "gap_before": True, "lost": 0, "t_first_ticks": 100000 + round(p) + 50},
                    {"status": "decoded", "seq": 1, "gap_before": False, "lost": 0, "t_first_ticks": 100000 + 2 * round(p) + 50}],
         "counters": {"frames": 3, "samples": 6, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 1}},
        {"name": "malformed_in_between", "description": "A malformed frame is counted and skipped; the stream goes on (the missing seq 51 shows as lost).",
         "frames": [f(50, 0), "0105", f(52, round(2 * p))],
         "expect": [{"status": "decoded", "seq": 50, "gap_before": False, "lost": 0, "t_first_ticks": 0},
                    {"status": "malformed", "error": "too_short"},
                    {"status": "decoded", "seq": 52, "gap_before": True, "lost": 1, "t_first_ticks": round(2 * p)}],
         "counters": {"frames": 2, "samples": 4, "lost": 1, "duplicates": 0, "malformed": 1, "gaps": 1, "resets": 0}},
    ]
    return {
        "protocol": "loadsense-v1",
        "spec": "firmware-protocol/SPEC.md",
        "ticks_per_second": TICKS_PER_SECOND,
        "frames": frames,
        "invalid": invalid,
        "streams": streams,
    }


# ---------------------------------------------------------------- Polar PMD (ACC)
EPOCH_2000_UNIX = 946684800


def pmd_header(ts_ns, frame_type, compressed=False):
    return bytes([0x02]) + struct.pack("<Q", ts_ns) + bytes([frame_type | (0x80 if compressed else 0)])


def pack_deltas(deltas, bits):
    acc = 0
    n = 0
    for d in deltas:
        for v in d:
            acc |= (v & ((1 << bits) - 1)) << n
            n += bits
    return acc.to_bytes((n + 7) // 8, "little")


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def trunc(v):
    return int(math.trunc(v))


def sdk_times(prev, ts, n, rate):
    # Polar SDK rule; the LoadSense decoder uses the nominal spacing also after a gap (SPEC.md).
    if prev == 0:
        delta = 1e9 / rate
        start = ts - delta * (n - 1)
    else:
        delta = (ts - prev) / n
        start = prev + delta
    return [int(round(start + delta * i)) for i in range(n - 1)] + [ts]


def polar_pmd():
    ts0 = 820_000_000_000_000_000  # 2025-12-27 (ns since 2000-01-01)
    rate = 200
    step = 5_000_000  # ns at 200 Hz
    raw8 = [(1, -2, 3), (-128, 127, 0)]
    raw16 = [(-1000, 20, 1000), (32767, -32768, 5)]
    raw24 = [(8388607, -8388608, 1), (-1, 0, 1000)]
    ref = (100, -200, 1000)
    deltas = [(1, -1, 0), (-2, 3, 1), (0, 0, -4)]
    comp1 = ref
    comp1_samples = [ref]
    for d in deltas:
        comp1 = tuple(a + b for a, b in zip(comp1, d))
        comp1_samples.append(comp1)
    comp_payload = struct.pack("<hhh", *ref) + bytes([4, len(deltas)]) + pack_deltas(deltas, 4)

    def raw_frame(ts, ftype, samples, size):
        body = b"".join(int(v).to_bytes(size, "little", signed=True) for s in samples for v in s)
        return pmd_header(ts, ftype) + body

    factor = f32(0.24399999)
    frames = [
        {"name": "raw_int8", "description": "Raw frame type 0: int8 per axis in mG, first frame: nominal spacing.",
         "hex": raw_frame(ts0, 0, raw8, 1).hex(), "factor": 1.0, "rate_hz": rate,
         "expect": {"mg": [list(s) for s in raw8], "t_ns": sdk_times(0, ts0, 2, rate)}},
        {"name": "raw_int16", "description": "Raw frame type 1: int16 per axis in mG (the factor does not apply to raw frames).",
         "hex": raw_frame(ts0, 1, raw16, 2).hex(), "factor": 0.5, "rate_hz": rate,
         "expect": {"mg": [list(s) for s in raw16], "t_ns": sdk_times(0, ts0, 2, rate)}},
        {"name": "raw_int24", "description": "Raw frame type 2: int24 per axis in mG.",
         "hex": raw_frame(ts0, 2, raw24, 3).hex(), "factor": 1.0, "rate_hz": rate,
         "expect": {"mg": [list(s) for s in raw24], "t_ns": sdk_times(0, ts0, 2, rate)}},
        {"name": "compressed_type1", "description": "Delta frame type 1 (0x81): int16 reference, one block of 3 samples with 4-bit deltas, factor 1.",
         "hex": (pmd_header(ts0, 1, True) + comp_payload).hex(), "factor": 1.0, "rate_hz": rate,
         "expect": {"mg": [list(s) for s in comp1_samples], "t_ns": sdk_times(0, ts0, 4, rate)}},
        {"name": "compressed_type1_factor", "description": "Delta frame type 1 with the H10's factor: float32 product truncated toward zero.",
         "hex": (pmd_header(ts0, 1, True) + comp_payload).hex(), "factor": factor, "rate_hz": rate,
         "expect": {"mg": [[trunc(f32(v * factor)) for v in s] for s in comp1_samples], "t_ns": sdk_times(0, ts0, 4, rate)}},
        {"name": "compressed_type0", "description": "Delta frame type 0 (0x80): values in g times the factor, converted to mG (factor x 1000), truncated.",
         "hex": (pmd_header(ts0, 0, True) + comp_payload).hex(), "factor": f32(0.001),
         "rate_hz": rate,
         "expect": {"mg": [[trunc(f32(v * f32(f32(0.001) * 1000))) for v in s] for s in comp1_samples], "t_ns": sdk_times(0, ts0, 4, rate)}},
    ]
    # Two blocks, second one with 0-bit deltas (repeats) and 7-bit negative deltas.
    d7 = [(-64, 63, -1)]
    two_blocks = struct.pack("<hhh", 0, 0, 1000) + bytes([0, 2]) + bytes([7, 1]) + pack_deltas(d7, 7)
    frames.append({"name": "compressed_two_blocks", "description": "Two delta blocks: 0-bit deltas (two repeats), then one 7-bit delta.",
                   "hex": (pmd_header(ts0, 1, True) + two_blocks).hex(), "factor": 1.0, "rate_hz": rate,
                   "expect": {"mg": [[0, 0, 1000], [0, 0, 1000], [0, 0, 1000], [-64, 63, 999]], "t_ns": sdk_times(0, ts0, 4, rate)}})

    invalid = [
        {"name": "too_short", "description": "Header cut short.", "hex": pmd_header(ts0, 1)[:9].hex(), "error": "too_short"},
        {"name": "not_acc", "description": "Measurement type 0 (ECG) on the ACC decoder.", "hex": (bytes([0]) + pmd_header(ts0, 1)[1:] + b"\x00" * 6).hex(),
         "error": "unsupported_measurement"},
        {"name": "raw_type3", "description": "Raw frame type 3 is not an ACC type.", "hex": (pmd_header(ts0, 3) + b"\x00" * 6).hex(),
         "error": "unsupported_frame_type"},
        {"name": "compressed_type2", "description": "Compressed frame type 2 is not an ACC type.", "hex": (pmd_header(ts0, 2, True) + b"\x00" * 6).hex(),
         "error": "unsupported_frame_type"},
        {"name": "raw_no_samples", "description": "A header without payload.", "hex": pmd_header(ts0, 1).hex(), "error": "empty"},
        {"name": "raw_partial_sample", "description": "int16 payload of 7 bytes.", "hex": (pmd_header(ts0, 1) + b"\x00" * 7).hex(), "error": "truncated"},
        {"name": "compressed_short_reference", "description": "Reference sample cut short.", "hex": (pmd_header(ts0, 1, True) + b"\x00" * 5).hex(),
         "error": "truncated"},
        {"name": "compressed_block_cut", "description": "Delta block announces more bits than present.",
         "hex": (pmd_header(ts0, 1, True) + comp_payload[:-1]).hex(), "error": "truncated"},
        {"name": "compressed_lone_block_byte", "description": "One byte left where a block header needs two.",
         "hex": (pmd_header(ts0, 1, True) + comp_payload + b"\x04").hex(), "error": "truncated"},
        {"name": "compressed_wide_delta", "description": "Delta width 33 bits.",
         "hex": (pmd_header(ts0, 1, True) + struct.pack("<hhh", 0, 0, 0) + bytes([33, 1]) + b"\x00" * 13).hex(), "error": "bad_delta_width"},
        {"name": "before_epoch", "description": "First frame whose earlier samples would fall before 2000-01-01.",
         "hex": raw_frame(1000, 1, raw16, 2).hex(), "error": "bad_timestamp"},
    ]
    one = [(0, 0, 1000)]
    two = [(0, 0, 1000), (0, 0, 1000)]
    streams = [
        {"name": "spread_between_frames", "description": "Second frame's samples are spread between the previous frame's last timestamp and its own (Polar SDK rule).",
         "rate_hz": rate, "factor": 1.0,
         "frames": [raw_frame(ts0, 1, two, 2).hex(), raw_frame(ts0 + 2 * step + 1000, 1, two, 2).hex()],
         "expect": [{"status": "decoded", "gap_before": False, "t_ns": sdk_times(0, ts0, 2, rate)},
                    {"status": "decoded", "gap_before": False, "t_ns": sdk_times(ts0, ts0 + 2 * step + 1000, 2, rate)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "spread_rounding", "description": "Spacing with a fraction of a nanosecond: every time but the last is rounded to the nearest ns, as the SDK does (t_ns); a receiver holding Unix seconds in a double keeps about 0.1 us of it",
         "rate_hz": rate, "factor": 1.0,
         "frames": [raw_frame(10**10, 1, one, 2).hex(), raw_frame(10**10 + 3 * step + 2, 1, [one[0]] * 3, 2).hex()],
         "expect": [{"status": "decoded", "gap_before": False, "t_ns": [10**10]},
                    {"status": "decoded", "gap_before": False, "t_ns": sdk_times(10**10, 10**10 + 3 * step + 2, 3, rate)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "gap_flagged_not_stretched", "description": "Three frames' worth of time missing: the gap is flagged and the samples keep the nominal spacing.",
         "rate_hz": rate, "factor": 1.0,
         "frames": [raw_frame(ts0, 1, two, 2).hex(), raw_frame(ts0 + 8 * step, 1, two, 2).hex()],
         "expect": [{"status": "decoded", "gap_before": False, "t_ns": sdk_times(0, ts0, 2, rate)},
                    {"status": "decoded", "gap_before": True, "t_ns": sdk_times(0, ts0 + 8 * step, 2, rate)}],
         "counters": {"frames": 2, "samples": 4, "lost": 3, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 0}},
        {"name": "duplicate_dropped", "description": "The same timestamp twice: the second frame is dropped.",
         "rate_hz": rate, "factor": 1.0,
         "frames": [raw_frame(ts0, 1, one, 2).hex(), raw_frame(ts0, 1, one, 2).hex(), raw_frame(ts0 + step, 1, one, 2).hex()],
         "expect": [{"status": "decoded", "gap_before": False, "t_ns": [ts0]},
                    {"status": "duplicate"},
                    {"status": "decoded", "gap_before": False, "t_ns": [ts0 + step]}],
         "counters": {"frames": 2, "samples": 2, "lost": 0, "duplicates": 1, "malformed": 0, "gaps": 0, "resets": 0}},
        {"name": "clock_back", "description": "The timestamp goes backwards (device reset): a gap and a reset, nominal spacing.",
         "rate_hz": rate, "factor": 1.0,
         "frames": [raw_frame(ts0, 1, two, 2).hex(), raw_frame(ts0 - 10 * step, 1, two, 2).hex()],
         "expect": [{"status": "decoded", "gap_before": False, "t_ns": sdk_times(0, ts0, 2, rate)},
                    {"status": "decoded", "gap_before": True, "t_ns": sdk_times(0, ts0 - 10 * step, 2, rate)}],
         "counters": {"frames": 2, "samples": 4, "lost": 0, "duplicates": 0, "malformed": 0, "gaps": 1, "resets": 1}},
    ]
    return {
        "protocol": "polar-pmd",
        "source": "polar-ble-sdk (AccData, PmdTimeStampUtils, BlePMDClient delta parsing); ../shared/docs/ble.md",
        "epoch_2000_unix_seconds": EPOCH_2000_UNIX,
        "frames": frames,
        "invalid": invalid,
        "streams": streams,
    }


def main():
    outputs = {
        HERE / "loadsense-v1.json": json.dumps(loadsense_v1(), indent=1) + "\n",
        HERE / "polar-pmd.json": json.dumps(polar_pmd(), indent=1) + "\n",
    }
    if "--check" in sys.argv:
        stale = [str(p) for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        if stale:
            print("stale (run make_vectors.py): " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text)
    # The C suite's header is made from the JSON just written (c/test/gen_vectors_h.py).
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(HERE.parent / "c" / "test"))
    import gen_vectors_h
    return gen_vectors_h.main([])


if __name__ == "__main__":
    sys.exit(main())
