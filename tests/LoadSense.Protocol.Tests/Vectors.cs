using System.Text.Json;

namespace LoadSense.Protocol.Tests;

/// <summary>Reads firmware-protocol/vectors, copied next to the test assembly.</summary>
internal static class Vectors
{
    public static JsonElement Load(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", file);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static TheoryData<string> Names(string file, string section)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Load(file).GetProperty(section).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    public static JsonElement Case(string file, string section, string name) =>
        Load(file).GetProperty(section).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static byte[] Bytes(JsonElement hex) => Convert.FromHexString(hex.GetString()!);

    public static void AssertCounters(JsonElement expected, DecoderCounters actual)
    {
        Assert.Equal(expected.GetProperty("frames").GetInt64(), actual.Frames);
        Assert.Equal(expected.GetProperty("samples").GetInt64(), actual.Samples);
        Assert.Equal(expected.GetProperty("lost").GetInt64(), actual.Lost);
        Assert.Equal(expected.GetProperty("duplicates").GetInt64(), actual.Duplicates);
        Assert.Equal(expected.GetProperty("malformed").GetInt64(), actual.Malformed);
        Assert.Equal(expected.GetProperty("gaps").GetInt64(), actual.Gaps);
        Assert.Equal(expected.GetProperty("resets").GetInt64(), actual.Resets);
    }

    public static FrameStatus Status(string name) => name switch
    {
        "decoded" => FrameStatus.Decoded,
        "duplicate" => FrameStatus.Duplicate,
        "malformed" => FrameStatus.Malformed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown status in vectors"),
    };
}
