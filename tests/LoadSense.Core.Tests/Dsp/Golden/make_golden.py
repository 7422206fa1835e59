#!/usr/bin/env python3
"""Generate golden Butterworth filter test vectors for LoadSense DSP tests.

What it makes:
    butterworth.json (written next to this script): a JSON object
    {"generator": ..., "scipy_version": ..., "numpy_version": ..., "cases": [...]}.
    Each case has:
        name            short identifier, e.g. "lowpass_fs100_fc5_o4"
        fs              sample rate in Hz
        type            "lowpass" | "highpass" | "bandpass"
        order           the N passed to scipy.signal.butter (a bandpass of
                        order N has 2N poles, i.e. N second-order sections)
        cutoff_hz       number (lowpass/highpass) or [lo, hi] (bandpass), in Hz
        sos             scipy.signal.butter(order, cutoff, btype, fs=fs,
                        output='sos') as rows [b0, b1, b2, a0, a1, a2]
                        (a0 == 1; overall gain lives in the first section)
        input           400 deterministic samples (defined below; values are
                        stored so consumers need no random generator)
        output          scipy.signal.sosfilt(sos, input), zero initial state,
                        float64 throughout
        output_float32  scipy.signal.sosfilt(sos, input cast to float32 and
                        back to float64), i.e. what a float-span input with
                        double-precision internal state should produce

    Input signal per case (t = n / fs, n = 0..399):
        1.0 + 0.5*sin(2*pi*1.7*t) + 0.3*sin(2*pi*(fs/10)*t)
        + 1.0*(n >= 200)  (unit step at sample 200)
        + 0.05 * numpy.random.default_rng(20240 + case_index).standard_normal(400)
    All floats are written with full double precision (Python repr).

How to rerun (from the repository root):
    /usr/bin/python3 tests/LoadSense.Core.Tests/Dsp/Golden/make_golden.py
    (use Debian's /usr/bin/python3 with the python3-scipy package, not a
    pyenv python without scipy)

Generated with scipy 1.10.1, numpy 1.24.2 (Debian bookworm python3-scipy).
"""
import json
import os

import numpy as np
import scipy
import scipy.signal

N_SAMPLES = 400
STEP_AT = 200

# (fs, type, order, cutoff_hz)
CASES = [
    (12.5, "lowpass", 4, 5.0),
    (50.0, "lowpass", 4, 5.0),
    (100.0, "lowpass", 4, 5.0),
    (100.0, "lowpass", 4, 20.0),
    (400.0, "lowpass", 4, 20.0),
    (100.0, "highpass", 2, 0.5),
    (50.0, "bandpass", 2, [0.5, 3.0]),
    (405.02, "lowpass", 2, 1.5),
]


def make_input(fs, case_index):
    n = np.arange(N_SAMPLES)
    t = n / fs
    x = (1.0
         + 0.5 * np.sin(2 * np.pi * 1.7 * t)
         + 0.3 * np.sin(2 * np.pi * (fs / 10.0) * t)
         + 1.0 * (n >= STEP_AT))
    rng = np.random.default_rng(20240 + case_index)
    x = x + 0.05 * rng.standard_normal(N_SAMPLES)
    return x.astype(np.float64)


def fmt_num(v):
    return ("%g" % v).replace(".", "p")


def main():
    cases = []
    for i, (fs, btype, order, cutoff) in enumerate(CASES):
        sos = scipy.signal.butter(order, cutoff, btype, fs=fs, output="sos")
        x = make_input(fs, i)
        y = scipy.signal.sosfilt(sos, x)
        x32 = x.astype(np.float32).astype(np.float64)
        y32 = scipy.signal.sosfilt(sos, x32)
        if isinstance(cutoff, list):
            cname = "%s-%s" % (fmt_num(cutoff[0]), fmt_num(cutoff[1]))
        else:
            cname = fmt_num(cutoff)
        cases.append({
            "name": "%s_fs%s_fc%s_o%d" % (btype, fmt_num(fs), cname, order),
            "fs": float(fs),
            "type": btype,
            "order": order,
            "cutoff_hz": [float(c) for c in cutoff] if isinstance(cutoff, list) else float(cutoff),
            "sos": [[float(v) for v in row] for row in sos],
            "input": [float(v) for v in x],
            "output": [float(v) for v in y],
            "output_float32": [float(v) for v in y32],
        })
    doc = {
        "generator": "tests/LoadSense.Core.Tests/Dsp/Golden/make_golden.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "butterworth.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %s (%d cases, %d bytes)" % (out, len(cases), os.path.getsize(out)))


if __name__ == "__main__":
    main()
