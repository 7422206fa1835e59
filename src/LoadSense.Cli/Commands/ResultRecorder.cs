using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using LoadSense.Core;
using LoadSense.Core.Detection;
using LoadSense.Core.Pipeline;
using LoadSense.Core.Scoring;
using LoadSense.Core.Storage;
using LoadSense.InfluxDb.Outbox;
using LoadSense.Storage.Outbox;

namespace LoadSense.Cli.Commands;

/// <summary>
/// Runs one stream through the analysis pipeline into the store and recomputes the daily
/// summaries of every local day it touched. Writes are idempotent, so analysing the same
/// recording twice replaces its rows instead of adding to them. With a raw sample sink, the
/// analysed samples are handed to it as they pass. Through the InfluxDB outbox, days whose
/// summaries cannot be recomputed (InfluxDB unreachable for the read-back) are remembered in the
/// outbox file, and <see cref="RecomputeDueDaysAsync"/> does them once it is back.
/// </summary>
internal sealed class ResultRecorder(ILoadStore store, string patientId, TimeZoneInfo zone, ScoringOptions scoring, bool keepEvents = true, IRawSampleSink? raw = null)
{
    // Batches cross into the store in groups, one transaction each.
    private const int BatchesPerWrite = 512;

    private readonly SortedSet<DateOnly> _days = [];

    public List<LoadEvent> Events { get; } = [];

    public int MinuteCount { get; private set; }

    /// <summary>How many events of <paramref name="kind"/> were recorded.</summary>
    public int Count(LoadEventKind kind) => Events.Count(e => e.Kind == kind);

    /// <summary>
    /// Analyzes <paramref name="blocks"/> and stores the results. A source error stops the
    /// stream, but what was analyzed before it is stored first; the error is then rethrown.
    /// With <paramref name="shiftSeconds"/>, results are held until the stream ends and stored
    /// moved by what it returns then: a whole number of minutes, so that every minute the
    /// analysis closed is still one minute (for a start that is known only at the end).
    /// </summary>
    public async Task RecordAsync(IObservable<SampleBlock> blocks, Placement placement, AnalyzerOptions analyzer, CancellationToken cancellationToken, Func<long>? shiftSeconds = null)
    {
        if (shiftSeconds is not null && raw is not null)
        {
            throw new ArgumentException("Raw samples cannot be moved after they were written: give the recording its start.", nameof(shiftSeconds));
        }

        Exception? sourceError = null;
        IObservable<AnalysisBatch> analysed = Tap(blocks, placement)
            .Catch<SampleBlock, Exception>(ex =>
            {
                sourceError = ex;
                return Observable.Empty<SampleBlock>();
            })
            .Analyze(placement, analyzer, scoring, TimeSpan.FromMinutes(2), TaskPoolScheduler.Default);

        if (shiftSeconds is null)
        {
            await analysed
                .Buffer(BatchesPerWrite)
                .Select(batches => Observable.FromAsync(ct => AppendAsync(batches, ct)))
                .Concat()
                .DefaultIfEmpty()
                .ToTask(cancellationToken);
        }
        else
        {
            IList<AnalysisBatch> held = await analysed.ToList().ToTask(cancellationToken);
            long shift = shiftSeconds();
            if (shift % 60 != 0)
            {
                throw new ArgumentException($"Results move by whole minutes only, not {shift} s.", nameof(shiftSeconds));
            }

            foreach (AnalysisBatch[] batches in held.Select(b => Moved(b, shift)).Chunk(BatchesPerWrite))
            {
                await AppendAsync(batches, cancellationToken);
            }
        }

        if (raw is not null)
        {
            await raw.FlushAsync(cancellationToken);
        }

        if (sourceError is not null)
        {
            await RecomputeDaysAsync(cancellationToken);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(sourceError).Throw();
        }
    }

    /// <summary>The blocks, handed to the raw sample sink (if any) as they pass.</summary>
    public IObservable<SampleBlock> Tap(IObservable<SampleBlock> blocks, Placement placement) =>
        raw is null ? blocks : blocks.Do(block => raw.Write(block, placement));

    private static AnalysisBatch Moved(AnalysisBatch batch, long seconds) => batch with
    {
        Events = [.. batch.Events.Select(e => e with { Time = e.Time + seconds })],
        Minutes = [.. batch.Minutes.Select(m => m with { MinuteStart = m.MinuteStart + seconds })],
    };

    /// <summary>Recomputes and stores the summaries of every day touched; returns them in date order.</summary>
    public async Task<IReadOnlyList<DailySummary>> RecomputeDaysAsync(CancellationToken cancellationToken)
    {
        SqliteOutbox? ledger = (store as OutboxLoadStore)?.Outbox;
        var days = new List<DailySummary>(_days.Count);
        try
        {
            foreach (DateOnly date in _days)
            {
                long from = LocalDays.StartOf(date, zone);
                long until = LocalDays.StartOf(date.AddDays(1), zone);
                IReadOnlyList<LoadEvent> events = await store.ReadEventsAsync(patientId, from, until, cancellationToken);
                IReadOnlyList<DeviceMinute> minutes = await store.ReadMinutesAsync(patientId, from, until, cancellationToken);
                days.Add(DailyAggregator.Summarize(date, events, minutes, scoring));
            }

            await store.UpsertDaysAsync(patientId, days, cancellationToken);
        }
        catch (Exception) when (ledger is not null)
        {
            await ledger.MarkDaysDueAsync(patientId, _days, CancellationToken.None);
            throw;
        }

        if (ledger is not null)
        {
            await ledger.ClearDaysDueAsync(patientId, _days, cancellationToken);
        }

        return days;
    }

    /// <summary>
    /// Recomputes the days the outbox remembers as due (their recompute failed before), patient by
    /// patient; a patient whose days fail again stays due. Returns the days recomputed.
    /// </summary>
    public static async Task<int> RecomputeDueDaysAsync(OutboxLoadStore store, TimeZoneInfo zone, ScoringOptions scoring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        int recomputed = 0;
        foreach ((string patientId, IReadOnlyList<DateOnly> days) in await store.Outbox.ReadDaysDueAsync(cancellationToken))
        {
            var recorder = new ResultRecorder(store, patientId, zone, scoring, keepEvents: false);
            recorder._days.UnionWith(days);
            recomputed += (await recorder.RecomputeDaysAsync(cancellationToken)).Count;
        }

        return recomputed;
    }

    /// <summary>Forgets the touched days before <paramref name="date"/>, so that a service running for months recomputes only recent days.</summary>
    public void ForgetDaysBefore(DateOnly date) => _days.RemoveWhere(d => d < date);

    /// <summary>
    /// Stores analysed batches (one store append per device) and remembers the days they touched.
    /// <see cref="Events"/> collects them only when the recorder keeps events (a service does not: it runs for months).
    /// </summary>
    public async Task AppendAsync(IList<AnalysisBatch> batches, CancellationToken cancellationToken)
    {
        foreach (IGrouping<(string DeviceId, Placement Placement), AnalysisBatch> device in batches.GroupBy(b => (b.DeviceId, b.Placement)))
        {
            var events = device.SelectMany(b => b.Events).ToList();
            var minutes = device.SelectMany(b => b.Minutes).ToList();
            await store.AppendAsync(new PatientBatch(patientId, device.Key.DeviceId, device.Key.Placement, events, minutes), cancellationToken);
            if (keepEvents)
            {
                Events.AddRange(events);
            }

            MinuteCount += minutes.Count;
            foreach (MinuteAggregate minute in minutes)
            {
                _days.Add(LocalDays.DateOf(minute.MinuteStart, zone));
            }
        }
    }
}
