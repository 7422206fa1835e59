#!/usr/bin/python3
"""The obvious NumPy/SciPy alternative to `loadsense analyze`, for a whole-process comparison.

Reads a CSV or gzip CSV recording (t,x,y,z in s and g, as `loadsense simulate` writes it),
filters it with the analyzer's Butterworth filters designed for the recording's own rate, and
finds peaks with scipy.signal.find_peaks and a refractory distance. It does less than
LoadSense (no jump/step/lift logic, scoring, minute aggregates or store), so the comparison
favours this script.

The filters and thresholds are AnalyzerOptions' defaults (src/LoadSense.Core/Detection/
AnalyzerOptions.cs) and the designs of StreamAnalyzer.Design:
  impact  4th-order low-pass at ImpactCutoffHz (20 Hz) on the magnitude
  band    4th-order low-pass at StepHighCutoffHz (4 Hz) then 2nd-order high-pass at
          StepLowCutoffHz (0.5 Hz) on the magnitude
  slow    2nd-order low-pass at LiftCutoffHz (1.5 Hz) on x, y and z
Cutoffs are clamped to 0.4 fs; every filter starts in its steady state for the first sample
(SosFilter.Reset). The rate is 1 / the median interval of the first 1000 samples, as
RecordingReader estimates it.

Usage: peer_analyze.py FILE   (Debian: apt-get install python3-numpy python3-scipy)
"""

import gzip
import sys

import numpy as np
from scipy import signal

# AnalyzerOptions defaults.
IMPACT_CUTOFF_HZ = 20.0
STEP_HIGH_CUTOFF_HZ = 4.0
STEP_LOW_CUTOFF_HZ = 0.5
LIFT_CUTOFF_HZ = 1.5
STEP_MIN_AMPLITUDE_G = 0.07
STEP_MIN_INTERVAL_S = 0.25
JUMP_MIN_LANDING_G = 2.0
JUMP_MIN_FLIGHT_S = 0.16
LIFT_MIN_AMPLITUDE_G = 0.1
LIFT_MIN_REP_S = 1.0

RATE_WINDOW = 1000


def read(path):
    """Time and x, y, z columns by header name (t/time/timestamp, x/y/z), as float64."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    with opener(path, "rt") as f:
        header = [name.strip().strip('"').lower() for name in f.readline().split(",")]
    wanted = [next(i for i, name in enumerate(header) if name in names)
              for names in (("t", "time", "timestamp"), ("x",), ("y",), ("z",))]
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=wanted)
    return data[:, 0], data[:, 1], data[:, 2], data[:, 3]


def run(sos, x):
    """Causal second-order-section filtering from the steady state at the first sample."""
    return signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[0])[0]


def main(path):
    t, x, y, z = read(path)
    rate = 1.0 / np.median(np.diff(t[:RATE_WINDOW]))
    clamp = 0.4 * rate
    magnitude = np.sqrt(x * x + y * y + z * z)

    impact_sos = signal.butter(4, min(IMPACT_CUTOFF_HZ, clamp), fs=rate, output="sos")
    band_sos = np.vstack([
        signal.butter(4, min(STEP_HIGH_CUTOFF_HZ, clamp), fs=rate, output="sos"),
        signal.butter(2, STEP_LOW_CUTOFF_HZ, btype="highpass", fs=rate, output="sos"),
    ])
    slow_sos = signal.butter(2, min(LIFT_CUTOFF_HZ, clamp), fs=rate, output="sos")

    impact = run(impact_sos, magnitude)
    band = run(band_sos, magnitude)
    slow = [run(slow_sos, axis) for axis in (x, y, z)]

    steps, _ = signal.find_peaks(band, height=STEP_MIN_AMPLITUDE_G,
                                 distance=max(1, round(STEP_MIN_INTERVAL_S * rate)))
    landings, _ = signal.find_peaks(impact, height=JUMP_MIN_LANDING_G,
                                    distance=max(1, round(JUMP_MIN_FLIGHT_S * rate)))
    reps = [signal.find_peaks(axis, prominence=LIFT_MIN_AMPLITUDE_G,
                              distance=max(1, round(LIFT_MIN_REP_S * rate)))[0] for axis in slow]

    print(f"{path}: {len(t)} samples at {rate:.4g} Hz, {t[-1] - t[0]:.1f} s")
    print(f"  step peaks {len(steps)}, impact peaks >= {JUMP_MIN_LANDING_G} g {len(landings)}, "
          f"slow-axis peaks x/y/z {'/'.join(str(len(r)) for r in reps)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: peer_analyze.py FILE")
    main(sys.argv[1])
