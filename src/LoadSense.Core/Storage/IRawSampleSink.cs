namespace LoadSense.Core.Storage;

/// <summary>
/// Where the raw samples a command analyses are also kept, when that is wanted (off by default:
/// a 100 Hz sensor gives about 8.6 M samples a day). The analysis hands every block over as it
/// passes; the sink copies what it keeps, since the producer may reuse the block afterwards.
/// </summary>
public interface IRawSampleSink : IAsyncDisposable
{
    /// <summary>Takes the samples of <paramref name="block"/>, worn at <paramref name="placement"/>. Thread-safe; may wait while the sink catches up.</summary>
    void Write(SampleBlock block, Placement placement);

    /// <summary>Hands on everything taken so far; returns when it is stored or, past the sink's documented limit, dropped.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
