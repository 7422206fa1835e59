using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LoadSense.Cli.Service;

/// <summary>
/// What <c>loadsense run --measure</c> prints when it stops: the simulated sensors' latency
/// histograms and the process's CPU time and peak memory. benchmarks/live/measure.sh reads it.
/// </summary>
internal static class LiveMeasurement
{
    /// <summary>The report, one <c>measure:</c> line per number, for a service that started at <paramref name="startedAt"/>.</summary>
    public static string Report(SimulatedSensors sensors, int sensorCount, double rateHz, DateTimeOffset startedAt, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(time);
        using Process self = Process.GetCurrentProcess();
        double seconds = (time.GetUtcNow() - startedAt).TotalSeconds;
        double cpu = self.TotalProcessorTime.TotalSeconds;
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"measure: {sensorCount} sensors at {rateHz:0.#} Hz for {seconds:0.0} s on {Environment.ProcessorCount} CPUs");
        report.AppendLine(CultureInfo.InvariantCulture, $"measure: processing latency (block due at a tick -> analysed, events handed on): {sensors.Processing.Summary()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"measure: pacing lateness (last sample time -> released; the tick is 5 ms): {sensors.Lateness.Summary()}");
        report.AppendLine(CultureInfo.InvariantCulture, $"measure: CPU {cpu:0.0} s in {seconds:0.0} s = {cpu / seconds:0.00} cores; peak RSS {self.PeakWorkingSet64 / (1024.0 * 1024.0):0} MB; GC heap {GC.GetTotalMemory(forceFullCollection: false) / (1024.0 * 1024.0):0} MB");
        return report.ToString();
    }
}
