using System.Reactive.Linq;
using LoadSense.Core;
using Microsoft.Extensions.Logging;

namespace LoadSense.Cli.Service;

/// <summary>One simulated sensor of a <see cref="SimulatedSensors"/> fleet as a source of the recording service, like a BLE session after its decoder.</summary>
internal sealed class SimulatedSource(DeviceState state, SimulatedSensors fleet, int index, ILogger logger) : ISensorSource
{
    public DeviceState State { get; } = state;

    /// <summary>The fleet's sensors for <paramref name="patient"/>: sim-01, sim-02, ..., worn at the hip and the wrist in turn.</summary>
    public static IReadOnlyList<ISensorSource> All(SimulatedSensors fleet, string patient, ILogger logger) =>
    [
        .. Enumerable.Range(0, fleet.Count).Select(i =>
        {
            Placement placement = i % 2 == 0 ? Placement.Hip : Placement.Wrist;
            return (ISensorSource)new SimulatedSource(new DeviceState($"sim-{i + 1:00}", patient, placement, "simulated"), fleet, i, logger);
        }),
    ];

    /// <summary>The sensor's blocks; they end when the fleet stops (its own stop token), so <paramref name="stop"/> is not needed here.</summary>
    public IObservable<SampleBlock> Stream(CancellationToken stop) => Observable.Defer(() =>
    {
        string placement = State.Placement.ToString().ToLowerInvariant();
        Log.DeviceConnected(logger, State.DeviceId, "simulated", placement, State.Patient);
        return fleet.Stream(index, State.DeviceId, State.Placement);
    });
}
