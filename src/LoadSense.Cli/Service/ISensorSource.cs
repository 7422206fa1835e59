using LoadSense.Core;

namespace LoadSense.Cli.Service;

/// <summary>
/// One sensor's stream before the shared analysis: a BLE session after its decoder, or a
/// simulated sensor. <see cref="RecordingService"/> runs every source through the same per-device pipeline.
/// </summary>
internal interface ISensorSource
{
    /// <summary>The device's state, shared with the state file and telemetry.</summary>
    DeviceState State { get; }

    /// <summary>
    /// The device's blocks (one per notification, reused after <c>OnNext</c> returns) until
    /// <paramref name="stop"/> is cancelled, then completes.
    /// </summary>
    IObservable<SampleBlock> Stream(CancellationToken stop);
}
