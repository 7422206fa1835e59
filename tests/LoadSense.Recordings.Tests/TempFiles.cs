using System.Globalization;
using System.IO.Compression;
using System.Text;
using LoadSense.Core;
using LoadSense.Recordings;

namespace LoadSense.Recordings.Tests;

/// <summary>A temporary folder of real recording files, deleted on dispose.</summary>
public sealed class TempFiles : IDisposable
{
    public TempFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "loadsense-rec-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, string content, bool gzip = false) => WriteBytes(name, Encode(content, gzip));

    public string WriteBytes(string name, byte[] content)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static byte[] Encode(string content, bool gzip)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        if (!gzip)
        {
            return bytes;
        }

        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, CompressionLevel.Optimal))
        {
            zip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>A header and <paramref name="rows"/> rows at <paramref name="rateHz"/>, device at rest (0, 0, 1 g).</summary>
    public static string Csv(int rows, double rateHz = 100, string header = "t,x,y,z", double start = 0, double scale = 1, string delimiter = ",")
    {
        var sb = new StringBuilder(header).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            double t = start + (i / rateHz);
            sb.Append(string.Join(
                delimiter,
                t.ToString("0.######", CultureInfo.InvariantCulture),
                (0.01 * scale).ToString(CultureInfo.InvariantCulture),
                (-0.02 * scale).ToString(CultureInfo.InvariantCulture),
                (1.0 * scale).ToString(CultureInfo.InvariantCulture))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Reads to the end or the first error, copying every sample out of the (reused) blocks; <paramref name="ahead"/> reads with ReadBlocksAhead that many blocks ahead.</summary>
    public static ReadResult Read(RecordingReader reader, int? ahead = null)
    {
        var result = new ReadResult();
        try
        {
            foreach (SampleBlock block in ahead is { } blocksAhead ? reader.ReadBlocksAhead(blocksAhead) : reader.ReadBlocks())
            {
                result.Blocks.Add(new BlockShape(block.Count, block.GapBefore, block.SampleRateHz, block.DeviceId));
                for (int i = 0; i < block.Count; i++)
                {
                    result.Samples.Add(new Sample(block.Time[i], block.X[i], block.Y[i], block.Z[i]));
                }
            }
        }
        catch (RecordingFormatException ex)
        {
            result.Error = ex;
        }

        result.Info = reader.Info;
        return result;
    }

    public static ReadResult Read(string path, RecordingReaderOptions? options = null, int? ahead = null)
    {
        using RecordingReader reader = RecordingReader.Open(path, options);
        return Read(reader, ahead);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    private static void Copy(SampleBlock block, List<(double, float, float, float)> samples, List<(int, bool, double)> blocks)
    {
        blocks.Add((block.Count, block.GapBefore, block.SampleRateHz));
        for (int i = 0; i < block.Count; i++)
        {
            samples.Add((block.Time[i], block.X[i], block.Y[i], block.Z[i]));
        }
    }
}

public readonly record struct Sample(double T, float X, float Y, float Z);

public readonly record struct BlockShape(int Count, bool GapBefore, double RateHz, string DeviceId);

/// <summary>What a read delivered: samples copied out of the blocks, the blocks' shapes, the error that ended it.</summary>
public sealed class ReadResult
{
    public List<Sample> Samples { get; } = [];

    public List<BlockShape> Blocks { get; } = [];

    public RecordingFormatException? Error { get; set; }

    public RecordingInfo? Info { get; set; }

    /// <summary>The samples, asserting the read ended without error.</summary>
    public List<Sample> Ok()
    {
        Assert.Null(Error);
        return Samples;
    }
}
