using LoadSense.Core.Dsp;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Detection;

/// <summary>
/// The analysis of one device's stream: magnitude, filters designed for the stream's sample
/// rate, and the jump, step and lift detectors, with per-minute aggregates. Stateful and not
/// thread-safe: one instance per stream, fed blocks in time order. Steady-state processing
/// allocates nothing per block (scratch buffers grow only when a larger block arrives).
/// </summary>
public sealed class StreamAnalyzer
{
    // Minutes stay open this long after their end, so that events released late (a step of a
    // bout not yet steady is held up to 10 s; a set's first repetitions wait for the third,
    // up to about 10 s) still land in the minute they happened in.
    private const double MinuteCloseDelayS = 12.0;

    // Detectors advance together in chunks this long (at least this many samples, so that a
    // chunk's mean sample interval is meaningful): far shorter than a step or a repetition.
    private const double DetectorChunkS = 0.25;
    private const int DetectorChunkMinSamples = 4;

    // A relative change of the nominal rate beyond this redesigns the filters.
    private const double RateTolerance = 0.05;

    private readonly AnalyzerOptions _options;
    private readonly EventScorer _scorer;
    private readonly JumpDetector _jumps;
    private readonly StepDetector _steps;
    private readonly LiftDetector _lifts;
    private readonly List<MinuteAccumulator> _openMinutes = new(4);
    private readonly Stack<MinuteAccumulator> _spareMinutes = new(4);
    private readonly List<LoadEvent> _blockEvents = new(64);

    // The detectors' announcements since the output last took them (see ProvisionalEvent).
    private readonly List<ProvisionalEvent> _provisionalEvents = new(32);

    private float[] _magnitude = [];
    private float[] _impact = [];
    private float[] _band = [];
    private float[] _slowX = [];
    private float[] _slowY = [];
    private float[] _slowZ = [];

    private SosFilter? _impactFilter;
    private SosFilter? _bandFilter;
    private SosFilter? _slowFilterX;
    private SosFilter? _slowFilterY;
    private SosFilter? _slowFilterZ;
    private double _designedRate;
    private double _lastTime = double.NaN;

    /// <summary>Creates the analyzer of one stream.</summary>
    public StreamAnalyzer(Placement placement, AnalyzerOptions options, ScoringOptions scoring)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scoring);
        Placement = placement;
        _options = options;
        _scorer = new EventScorer(scoring);
        _jumps = new JumpDetector(options, placement, _provisionalEvents);
        _steps = new StepDetector(options, _provisionalEvents);
        _lifts = new LiftDetector(options, placement, _provisionalEvents);
    }

    /// <summary>Where the stream's sensor is worn.</summary>
    public Placement Placement { get; }

    /// <summary>Samples processed so far.</summary>
    public long SamplesProcessed { get; private set; }

    /// <summary>Gaps met so far (flagged by the source or found in the timestamps).</summary>
    public long Gaps { get; private set; }

    /// <summary>Analyzes one block and appends what it found to <paramref name="output"/>.</summary>
    public void Process(SampleBlock block, AnalysisOutput output)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(output);
        int n = block.Count;
        if (n == 0)
        {
            return;
        }

        if (!(block.SampleRateHz >= 1 && block.SampleRateHz <= 10_000))
        {
            throw new ArgumentException($"Block of {block.DeviceId} has sample rate {block.SampleRateHz} Hz; expected 1 to 10000 Hz.", nameof(block));
        }

        ReadOnlySpan<double> time = block.Time;
        bool restart = _impactFilter is null || Math.Abs(block.SampleRateHz - _designedRate) > RateTolerance * _designedRate;
        if (restart)
        {
            Design(block.SampleRateHz);
        }

        double gapS = Math.Max(_options.GapIntervals / block.SampleRateHz, _options.MinGapS);
        double sinceLast = time[0] - _lastTime;
        if (block.GapBefore || restart || !(sinceLast >= 0 && sinceLast <= gapS))
        {
            Restart(block, output);
            if (sinceLast < 0)
            {
                // The clock went back (a device reset): the minutes ahead of it can get no more samples.
                CloseMinutes(double.PositiveInfinity, output);
            }
        }

        EnsureCapacity(n);
        ComputeMagnitude(block.X, block.Y, block.Z, _magnitude.AsSpan(0, n));

        // A gap inside a block: process the parts on either side separately.
        int start = 0;
        for (int i = 1; i < n; i++)
        {
            double step = time[i] - time[i - 1];
            if (step > gapS || step < 0)
            {
                ProcessRun(block, start, i, output);
                Restart(block, output, i);
                start = i;
            }
        }

        ProcessRun(block, start, n, output);
        _lastTime = time[n - 1];
        SamplesProcessed += n;
    }

    /// <summary>Ends the stream: releases held events and closes every open minute.</summary>
    public void Flush(AnalysisOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _blockEvents.Clear();
        _jumps.ReleaseContacts(double.PositiveInfinity, _steps, _lifts, _scorer, _blockEvents, flush: true);
        _steps.Flush(_jumps, _scorer, _blockEvents);
        _lifts.BreakChain();
        RouteEvents(output);
        CloseMinutes(double.PositiveInfinity, output);
    }

    private void ProcessRun(SampleBlock block, int start, int end, AnalysisOutput output)
    {
        int length = end - start;
        ReadOnlySpan<double> time = block.Time.Slice(start, length);
        ReadOnlySpan<float> x = block.X.Slice(start, length);
        ReadOnlySpan<float> y = block.Y.Slice(start, length);
        ReadOnlySpan<float> z = block.Z.Slice(start, length);
        ReadOnlySpan<float> magnitude = _magnitude.AsSpan(start, length);
        Span<float> impact = _impact.AsSpan(start, length);
        Span<float> band = _band.AsSpan(start, length);
        Span<float> slowX = _slowX.AsSpan(start, length);
        Span<float> slowY = _slowY.AsSpan(start, length);
        Span<float> slowZ = _slowZ.AsSpan(start, length);

        SosFilter.ProcessBoth((_impactFilter!, _bandFilter!), magnitude, impact, band);
        SosFilter.ProcessAxes((_slowFilterX!, _slowFilterY!, _slowFilterZ!), x, y, z, slowX, slowY, slowZ);

        // The detectors consult each other (a step inside a jump, a hard contact inside a walk),
        // so they take turns over short chunks: whatever the block size, each one sees the
        // others at most a quarter second apart.
        _blockEvents.Clear();
        int chunk = Math.Max(DetectorChunkMinSamples, (int)(DetectorChunkS * block.SampleRateHz));
        for (int c = 0; c < length; c += chunk)
        {
            int count = Math.Min(chunk, length - c);
            ReadOnlySpan<double> chunkTime = time.Slice(c, count);
            ReadOnlySpan<float> chunkImpact = impact.Slice(c, count);
            _jumps.Process(chunkTime, chunkImpact, x.Slice(c, count), y.Slice(c, count), z.Slice(c, count), _scorer, _blockEvents);
            _steps.Process(chunkTime, band.Slice(c, count), chunkImpact, _jumps, _scorer, _blockEvents);
            _jumps.ReleaseContacts(chunkTime[^1], _steps, _lifts, _scorer, _blockEvents);
            _lifts.Process(chunkTime, slowX.Slice(c, count), slowY.Slice(c, count), slowZ.Slice(c, count), chunkImpact, _steps, _jumps, _scorer, _blockEvents);
        }

        // Minutes: samples first (opening minutes as time passes), then the events into the
        // minutes they happened in, then close what is old enough.
        MinuteAccumulator? minute = _openMinutes.Count > 0 ? _openMinutes[^1] : null;
        for (int i = 0; i < length; i++)
        {
            long minuteStart = (long)Math.Floor(time[i] / 60.0) * 60;
            if (minute is null || minuteStart != minute.MinuteStart)
            {
                minute = FindOrOpenMinute(minuteStart);
            }

            minute.AddSample(time[i], x[i], y[i], z[i], magnitude[i]);
        }

        RouteEvents(output);
        CloseMinutes(time[^1] - MinuteCloseDelayS, output);
    }

    private void RouteEvents(AnalysisOutput output)
    {
        TakeProvisionalEvents(output);
        _blockEvents.Sort(static (a, b) => a.Time.CompareTo(b.Time));
        foreach (LoadEvent e in _blockEvents)
        {
            output.EventList.Add(e);
            long minuteStart = (long)Math.Floor(e.Time / 60.0) * 60;
            MinuteAccumulator? target = null;
            foreach (MinuteAccumulator open in _openMinutes)
            {
                if (open.MinuteStart <= minuteStart)
                {
                    target = open;
                }
            }

            // A minute, once closed, is final: an event later than the close delay (it cannot
            // be, by the detectors' latencies) goes to the oldest open minute instead.
            target ??= _openMinutes.Count > 0 ? _openMinutes[0] : OpenMinute(minuteStart);
            target.AddEvent(e, Placement);
        }

        _blockEvents.Clear();
    }

    private void TakeProvisionalEvents(AnalysisOutput output)
    {
        output.ProvisionalEventList.AddRange(_provisionalEvents);
        _provisionalEvents.Clear();
    }

    private MinuteAccumulator FindOrOpenMinute(long minuteStart)
    {
        foreach (MinuteAccumulator open in _openMinutes)
        {
            if (open.MinuteStart == minuteStart)
            {
                return open;
            }
        }

        return OpenMinute(minuteStart);
    }

    private MinuteAccumulator OpenMinute(long minuteStart)
    {
        MinuteAccumulator minute = _spareMinutes.Count > 0 ? _spareMinutes.Pop() : new MinuteAccumulator();
        minute.Start(minuteStart);
        int index = _openMinutes.Count;
        while (index > 0 && _openMinutes[index - 1].MinuteStart > minuteStart)
        {
            index--;
        }

        _openMinutes.Insert(index, minute);
        return minute;
    }

    private void CloseMinutes(double closeBefore, AnalysisOutput output)
    {
        while (_openMinutes.Count > 0 && _openMinutes[0].MinuteEnd <= closeBefore)
        {
            MinuteAccumulator minute = _openMinutes[0];
            _openMinutes.RemoveAt(0);
            output.MinuteList.Add(minute.Close());
            _spareMinutes.Push(minute);
        }
    }

    private void Restart(SampleBlock block, AnalysisOutput output, int index = 0)
    {
        if (!double.IsNaN(_lastTime) || index > 0)
        {
            Gaps++;

            // What was confirmed before the gap still counts; nothing is bridged across it.
            _blockEvents.Clear();
            _jumps.ReleaseContacts(double.PositiveInfinity, _steps, _lifts, _scorer, _blockEvents, flush: true);
            _steps.Flush(_jumps, _scorer, _blockEvents);
            RouteEvents(output);
        }

        float x = block.X[index], y = block.Y[index], z = block.Z[index];
        float magnitude = MathF.Sqrt((x * x) + (y * y) + (z * z));
        _impactFilter!.Reset(magnitude);
        _bandFilter!.Reset(magnitude);
        _slowFilterX!.Reset(x);
        _slowFilterY!.Reset(y);
        _slowFilterZ!.Reset(z);
        _jumps.Reset();
        _steps.Reset();
        _lifts.Reset();
        TakeProvisionalEvents(output);
    }

    private void Design(double rate)
    {
        // Cutoffs above 0.4·fs are clamped: at 12.5 Hz a 20 Hz low-pass cannot exist, and the
        // signal there holds nothing above 6.25 Hz anyway.
        double nyquistMargin = 0.4 * rate;
        _impactFilter = new SosFilter(ButterworthDesign.LowPass(4, Math.Min(_options.ImpactCutoffHz, nyquistMargin), rate));
        double[,] low = ButterworthDesign.LowPass(4, Math.Min(_options.StepHighCutoffHz, nyquistMargin), rate);
        double[,] high = ButterworthDesign.HighPass(2, _options.StepLowCutoffHz, rate);
        _bandFilter = new SosFilter(Concatenate(low, high));
        double slowCutoff = Math.Min(_options.LiftCutoffHz, nyquistMargin);
        _slowFilterX = new SosFilter(ButterworthDesign.LowPass(2, slowCutoff, rate));
        _slowFilterY = new SosFilter(ButterworthDesign.LowPass(2, slowCutoff, rate));
        _slowFilterZ = new SosFilter(ButterworthDesign.LowPass(2, slowCutoff, rate));
        _jumps.Configure(rate);
        _designedRate = rate;
    }

    private static double[,] Concatenate(double[,] first, double[,] second)
    {
        int rows = first.GetLength(0) + second.GetLength(0);
        var all = new double[rows, 6];
        for (int r = 0; r < rows; r++)
        {
            double[,] source = r < first.GetLength(0) ? first : second;
            int row = r < first.GetLength(0) ? r : r - first.GetLength(0);
            for (int k = 0; k < 6; k++)
            {
                all[r, k] = source[row, k];
            }
        }

        return all;
    }

    private void EnsureCapacity(int n)
    {
        if (_magnitude.Length >= n)
        {
            return;
        }

        _magnitude = new float[n];
        _impact = new float[n];
        _band = new float[n];
        _slowX = new float[n];
        _slowY = new float[n];
        _slowZ = new float[n];
    }

    private static void ComputeMagnitude(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> magnitude)
    {
        for (int i = 0; i < magnitude.Length; i++)
        {
            magnitude[i] = MathF.Sqrt((x[i] * x[i]) + (y[i] * y[i]) + (z[i] * z[i]));
        }
    }
}
