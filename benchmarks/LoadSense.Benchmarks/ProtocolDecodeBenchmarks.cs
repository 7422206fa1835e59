using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LoadSense.Core;
using LoadSense.Protocol;
using LoadSense.Protocol.LoadSenseV1;

namespace LoadSense.Benchmarks;

/// <summary>
/// Decode throughput of the device-profile decoders: 1024 notifications a run into one reused
/// sample block, as the BLE layer will call them. LoadSense v1 frames are full MTU-247 frames
/// (38 samples, 240 bytes); Polar frames are raw int16 and delta-compressed ACC frames.
/// The MB/s column is notification bytes over the mean time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ProtocolDecodeBenchmarks
{
    private const int Frames = 1024;
    private static readonly byte[][] V1 = MakeV1();
    private static readonly byte[][] PolarRaw = MakePolar(compressed: false);
    private static readonly byte[][] PolarCompressed = MakePolar(compressed: true);

    private readonly SampleBlock _block = new("bench", 2048);
    private readonly IFrameDecoder _v1 = DeviceProfiles.LoadSenseV1().CreateDecoder();
    private readonly IFrameDecoder _polar = DeviceProfiles.PolarPmd(200, 8, 1f).CreateDecoder();

    /// <summary>Notification bytes one run of each benchmark decodes, for the MB/s column.</summary>
    public static IReadOnlyDictionary<string, long> BytesPerRun { get; } = new Dictionary<string, long>
    {
        [nameof(LoadSenseV1Mtu247)] = V1.Sum(f => (long)f.Length),
        [nameof(PolarRawInt16)] = PolarRaw.Sum(f => (long)f.Length),
        [nameof(PolarDeltaCompressed)] = PolarCompressed.Sum(f => (long)f.Length),
    };

    [Benchmark(Baseline = true)]
    public int LoadSenseV1Mtu247() => Run(_v1, V1);

    [Benchmark]
    public int PolarRawInt16() => Run(_polar, PolarRaw);

    [Benchmark]
    public int PolarDeltaCompressed() => Run(_polar, PolarCompressed);

    private int Run(IFrameDecoder decoder, byte[][] frames)
    {
        decoder.Reset();
        int samples = 0;
        foreach (byte[] frame in frames)
        {
            samples += decoder.Decode(frame, _block).SampleCount;
        }

        return samples;
    }

    private static byte[][] MakeV1()
    {
        var random = new Random(7);
        var frames = new byte[Frames][];
        int count = 38;
        var xyz = new short[count * 3];
        for (int i = 0; i < Frames; i++)
        {
            for (int k = 0; k < xyz.Length; k++)
            {
                xyz[k] = (short)random.Next(-8192, 8192);
            }

            frames[i] = new byte[LoadSenseV1Frame.HeaderSize + (count * 6)];
            LoadSenseV1Frame.Write(frames[i], 0, (ushort)i, (uint)(i * LoadSenseV1Frame.FrameTicks(count, 1000)), 1000, 8, xyz);
        }

        return frames;
    }

    private static byte[][] MakePolar(bool compressed)
    {
        var random = new Random(8);
        var frames = new byte[Frames][];
        ulong ts = 820_000_000_000_000_000UL;
        for (int i = 0; i < Frames; i++)
        {
            var frame = new List<byte> { 0x02 };
            int count;
            if (compressed)
            {
                // Reference sample then one block of 35 samples with 6-bit deltas, as an H10 sends.
                count = 36;
                var payload = new byte[6 + 2 + ((6 * 35 * 3) + 7) / 8];
                random.NextBytes(payload);
                payload[6] = 6;
                payload[7] = 35;
                ts += (ulong)count * 5_000_000UL;
                frame.AddRange(BitConverter.GetBytes(ts));
                frame.Add(0x81);
                frame.AddRange(payload);
            }
            else
            {
                count = 39;
                ts += (ulong)count * 5_000_000UL;
                frame.AddRange(BitConverter.GetBytes(ts));
                frame.Add(0x01);
                var payload = new byte[count * 6];
                for (int k = 0; k < count * 3; k++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(payload.AsSpan(k * 2), (short)random.Next(-2000, 2000));
                }

                frame.AddRange(payload);
            }

            frames[i] = [.. frame];
        }

        return frames;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(new ThroughputColumn());
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "ProtocolThroughput";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Notification bytes decoded per second, in 10^6 bytes";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport? report = summary[benchmarkCase];
            double? meanNs = report?.ResultStatistics?.Mean;
            if (meanNs is null or <= 0 || !BytesPerRun.TryGetValue(benchmarkCase.Descriptor.WorkloadMethod.Name, out long bytes))
            {
                return "-";
            }

            return (bytes * 1e3 / meanNs.Value).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
