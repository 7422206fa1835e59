using System.ComponentModel.DataAnnotations;

namespace LoadSense.Core.Detection;

/// <summary>
/// Settings of the per-stream analyzer. Every threshold names its source or its physical
/// reason in docs/scoring.md; defaults are meant for any person and device, not one file.
/// </summary>
public sealed class AnalyzerOptions
{
    /// <summary>Low-pass cutoff in Hz for impact peaks (Veras et al. 2020 use a 4th-order 20 Hz Butterworth). Clamped to 0.4·fs.</summary>
    [Range(5.0, 50.0)]
    public double ImpactCutoffHz { get; set; } = 20.0;

    /// <summary>Upper cutoff in Hz of the step band (stepcount, Small 2024, low-passes at 5 Hz; cadence stays below 3.5 Hz).</summary>
    [Range(2.0, 10.0)]
    public double StepHighCutoffHz { get; set; } = 4.0;

    /// <summary>Lower cutoff in Hz of the step band: removes gravity and posture drift.</summary>
    [Range(0.1, 1.5)]
    public double StepLowCutoffHz { get; set; } = 0.5;

    /// <summary>Smallest step peak in g of the band-passed magnitude (stepcount's prominence range starts at 0.15 g peak to trough).</summary>
    [Range(0.01, 1.0)]
    public double StepMinAmplitudeG { get; set; } = 0.07;

    /// <summary>Shortest time between steps in s (the fastest sprint cadence is about 4 steps/s).</summary>
    [Range(0.15, 1.0)]
    public double StepMinIntervalS { get; set; } = 0.25;

    /// <summary>Longest time between two steps of one bout in s; one step alone is not walking.</summary>
    [Range(0.8, 3.0)]
    public double StepMaxIntervalS { get; set; } = 1.3;

    /// <summary>
    /// Acceleration below which the body is taken to be in free fall, in g. In flight the
    /// sensor reads close to 0 g; 0.5 g leaves room for arm motion and filter smoothing.
    /// </summary>
    [Range(0.1, 0.9)]
    public double FreeFallThresholdG { get; set; } = 0.5;

    /// <summary>Shortest flight in s that counts as a jump (0.16 s is a 3 cm hop, above a running stride's flight).</summary>
    [Range(0.05, 0.5)]
    public double JumpMinFlightS { get; set; } = 0.16;

    /// <summary>Longest flight in s (1 s is a 1.2 m jump, beyond any patient; longer is a dropped sensor).</summary>
    [Range(0.3, 2.0)]
    public double JumpMaxFlightS { get; set; } = 1.0;

    /// <summary>Smallest landing peak in g that confirms a jump (hip landings reach 5.4-9.2 g; a soft skip still exceeds 2 g).</summary>
    [Range(1.2, 10.0)]
    public double JumpMinLandingG { get; set; } = 2.0;

    /// <summary>
    /// Mean acceleration in g over 150 ms of ground contact that marks a jump's landing when
    /// its flight was not seen (a recording that starts on the landing, a sensor that missed
    /// the free fall). Over a hop's contact the mean force is body weight × (contact + flight)
    /// / contact, so a flight at least 0.8 times the contact gives 1.8 g; walking stays near
    /// 1.2-1.5 g and running's 0.1 s flight below 1.6 g. Hip and phone.
    /// </summary>
    [Range(1.3, 6.0)]
    public double JumpContactG { get; set; } = 1.8;

    /// <summary>
    /// The same at the wrist, on the magnitude of the mean acceleration vector over 150 ms
    /// rather than the mean magnitude: the swinging, shaken or lifting arm alone sustains a
    /// mean magnitude of 2-3 g (dumbbell work), but its back-and-forth acceleration cancels in
    /// the vector (the mean specific force over a window is Δv/T − g, impulse-momentum), while
    /// the ground's push on the body keeps its direction through a contact. 2.1 g is a mean
    /// ground force of 2.1 body weights, a flight about as long as the contact (1.8 g at the
    /// hip), with a margin for the arm's own net velocity change over the window.
    /// </summary>
    [Range(1.3, 8.0)]
    public double JumpContactWristG { get; set; } = 2.1;

    /// <summary>
    /// Low-pass cutoff in Hz for the slow orientation signal that repetitions are counted on:
    /// repetitions of 1-6 s have their fundamental at 0.17-1 Hz; 1.5 Hz keeps a fast
    /// repetition's shape and removes step impacts and tremor.
    /// </summary>
    [Range(0.3, 3.0)]
    public double LiftCutoffHz { get; set; } = 1.5;

    /// <summary>
    /// Smallest repetition excursion in g from the running mean at the hip and elsewhere (a
    /// phone in a pocket or bag): a squat tilts the pelvis 20-30° (0.34-0.5 g), while the sway
    /// of a carried phone, which must not count, reaches about 0.05-0.1 g.
    /// </summary>
    [Range(0.02, 1.0)]
    public double LiftMinAmplitudeG { get; set; } = 0.1;

    /// <summary>
    /// Smallest repetition excursion in g at the wrist. Lower than elsewhere: a press moves the
    /// wrist along a line with little turn, and a 0.4 m stroke in 2.5 s peaks at only about
    /// 0.13 g of linear acceleration (a curl's forearm turn gives far more).
    /// </summary>
    [Range(0.02, 1.0)]
    public double LiftMinAmplitudeWristG { get; set; } = 0.06;

    /// <summary>
    /// Shortest repetition in s when the set's period is not yet trusted. RecoFit (Morris 2014)
    /// finds repetitions of 1-5 s, but light curls and raises go at 0.8-1 s, and a floor of 1 s
    /// counted every other one of them; 0.7 s is the shortest period the autocorrelation looks
    /// for. Once the period is trusted, a repetition closer than 0.6 of it is a wobble anyway.
    /// </summary>
    [Range(0.5, 3.0)]
    public double LiftMinRepS { get; set; } = 0.7;

    /// <summary>Longest pause in s between repetitions of one set; a longer pause starts a new set.</summary>
    [Range(3.0, 60.0)]
    public double LiftSetGapS { get; set; } = 10.0;

    /// <summary>Seconds after a step in which no repetition is counted (walking swings the arm at 1 Hz).</summary>
    [Range(0.0, 10.0)]
    public double LiftStepQuietS { get; set; } = 2.5;

    /// <summary>A time step longer than this many nominal sample intervals (and <see cref="MinGapS"/>) is a gap: filters restart, nothing is bridged.</summary>
    [Range(2.0, 100.0)]
    public double GapIntervals { get; set; } = 5.0;

    /// <summary>
    /// The shortest hole in s that is a gap at any rate. Phones deliver samples with jitter of
    /// up to ten intervals at 400 Hz without losing any; half a second can hide a step.
    /// </summary>
    [Range(0.05, 10.0)]
    public double MinGapS { get; set; } = 0.5;
}
