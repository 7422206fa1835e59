using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using LoadSense.Core.Detection;
using LoadSense.Core.Scoring;

namespace LoadSense.Core.Pipeline;

/// <summary>Rx operators that compose the analysis of device streams.</summary>
public static class AnalysisPipeline
{
    /// <summary>
    /// Analyzes one device's blocks as they arrive, emitting a batch whenever a block yields
    /// events or closes minutes, so events leave while data flows. Blocks must arrive in time
    /// order and are read during <c>OnNext</c> only (producers may reuse them). When no block
    /// arrives for <paramref name="idleFlush"/> on <paramref name="scheduler"/>, held events
    /// are released and open minutes closed (a sensor that went out of range); on completion
    /// or error the same happens before the notification is passed on, so nothing analyzed is lost.
    /// <paramref name="scheduler"/> runs a periodic idle check, so it must support timers
    /// (a task pool, event loop or virtual-time scheduler; not <c>Scheduler.Immediate</c>, which would block).
    /// </summary>
    public static IObservable<AnalysisBatch> Analyze(
        this IObservable<SampleBlock> blocks,
        Placement placement,
        AnalyzerOptions options,
        ScoringOptions scoring,
        TimeSpan idleFlush,
        IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(scheduler);

        // One minute of silence must pass before an open minute is closed, so that a stream
        // resuming cannot add samples to a minute already closed.
        ArgumentOutOfRangeException.ThrowIfLessThan(idleFlush, TimeSpan.FromSeconds(61));

        return Observable.Create<AnalysisBatch>(observer =>
        {
            var analyzer = new StreamAnalyzer(placement, options, scoring);
            var output = new AnalysisOutput();
            var gate = new object();
            string deviceId = "";
            DateTimeOffset lastBlockAt = scheduler.Now;
            bool idle = true;
            bool stopped = false;

            void Emit()
            {
                if (!output.IsEmpty)
                {
                    observer.OnNext(new AnalysisBatch(deviceId, placement, [.. output.Events], [.. output.Minutes]) { ProvisionalEvents = [.. output.ProvisionalEvents] });
                    output.Clear();
                }
            }

            void FlushAndStop(Action notify)
            {
                lock (gate)
                {
                    if (stopped)
                    {
                        return;
                    }

                    stopped = true;
                    analyzer.Flush(output);
                    Emit();
                    notify();
                }
            }

            // One periodic check instead of a timer per block keeps the per-block path free of allocations.
            IDisposable idleCheck = Observable.Interval(idleFlush / 4, scheduler).Subscribe(_ =>
            {
                lock (gate)
                {
                    if (!stopped && !idle && scheduler.Now - lastBlockAt >= idleFlush)
                    {
                        idle = true;
                        analyzer.Flush(output);
                        Emit();
                    }
                }
            });

            IDisposable subscription = blocks.Subscribe(
                block =>
                {
                    lock (gate)
                    {
                        if (stopped)
                        {
                            return;
                        }

                        deviceId = block.DeviceId;
                        lastBlockAt = scheduler.Now;
                        idle = false;
                        try
                        {
                            analyzer.Process(block, output);
                        }
                        catch (ArgumentException ex)
                        {
                            // The gate is re-entrant: stop the same way a failing source does.
                            FlushAndStop(() => observer.OnError(ex));
                            return;
                        }

                        Emit();
                    }
                },
                error => FlushAndStop(() => observer.OnError(error)),
                () => FlushAndStop(observer.OnCompleted));

            return new CompositeDisposable(subscription, idleCheck);
        });
    }
}
