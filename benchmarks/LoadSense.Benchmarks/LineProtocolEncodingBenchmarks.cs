using BenchmarkDotNet.Attributes;
using LoadSense.Core;
using LoadSense.InfluxDb.LineProtocol;

namespace LoadSense.Benchmarks;

/// <summary>
/// 5000 raw three-axis samples (one write request) encoded as <c>raw_samples</c> line protocol
/// into a reused buffer: the span encoder against the general point-by-point writer (measurement,
/// three escaped tags, three fields and a timestamp per sample).
/// </summary>
[MemoryDiagnoser]
public class LineProtocolEncodingBenchmarks
{
    private const int Samples = 5000;

    private readonly SampleBlock _block = new("hip-1", Samples);
    private readonly LineProtocolWriter _writer = new(1 << 20);
    private byte[] _seriesKey = [];

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Samples; i++)
        {
            _block.Add(1_767_225_600 + (i * 0.01), 0.01f * (i % 97), -0.02f * (i % 89), 1 + (0.001f * (i % 83)));
        }

        _seriesKey = LineProtocolWriter.SeriesKey("raw_samples", ("device", "hip-1"), ("patient", "p1"), ("placement", "hip"));
    }

    [Benchmark(Baseline = true)]
    public int PointByPoint()
    {
        _writer.Clear();
        ReadOnlySpan<double> time = _block.Time;
        ReadOnlySpan<float> x = _block.X, y = _block.Y, z = _block.Z;
        for (int i = 0; i < time.Length; i++)
        {
            _writer.Measurement("raw_samples");
            _writer.Tag("device", "hip-1");
            _writer.Tag("patient", "p1");
            _writer.Tag("placement", "hip");
            _writer.Field("x", x[i]);
            _writer.Field("y", y[i]);
            _writer.Field("z", z[i]);
            _writer.Timestamp((long)Math.Round(time[i] * 1e6));
        }

        return _writer.WrittenMemory.Length;
    }

    [Benchmark]
    public int ThreeAxisPointsFromSpans()
    {
        _writer.Clear();
        _writer.ThreeAxisPoints(_seriesKey, "x"u8, "y"u8, "z"u8, _block.Time, _block.X, _block.Y, _block.Z, 1e6);
        return _writer.WrittenMemory.Length;
    }
}
