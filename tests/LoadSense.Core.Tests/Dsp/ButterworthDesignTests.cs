using System.Text.Json;
using LoadSense.Core.Dsp;

namespace LoadSense.Core.Tests.Dsp;

/// <summary>Holds the design and the filter to scipy's numbers (Golden/make_golden.py).</summary>
public class ButterworthDesignTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Golden().GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Golden() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Dsp", "Golden", "butterworth.json"))).RootElement;

    private static JsonElement Case(string name) =>
        Golden().GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double[,] Design(JsonElement c)
    {
        double fs = c.GetProperty("fs").GetDouble();
        int order = c.GetProperty("order").GetInt32();
        JsonElement cutoff = c.GetProperty("cutoff_hz");
        return c.GetProperty("type").GetString() switch
        {
            "lowpass" => ButterworthDesign.LowPass(order, cutoff.GetDouble(), fs),
            "highpass" => ButterworthDesign.HighPass(order, cutoff.GetDouble(), fs),
            "bandpass" => ButterworthDesign.BandPass(order, cutoff[0].GetDouble(), cutoff[1].GetDouble(), fs),
            var other => throw new InvalidOperationException(other),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Design_MatchesScipySecondOrderSections(string name)
    {
        JsonElement c = Case(name);
        double[,] sos = Design(c);
        double[][] expected = c.GetProperty("sos").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(expected.Length, sos.GetLength(0));
        for (int s = 0; s < expected.Length; s++)
        {
            for (int k = 0; k < 6; k++)
            {
                Assert.True(Math.Abs(expected[s][k] - sos[s, k]) <= 1e-12, $"{name} section {s} coefficient {k}: scipy {expected[s][k]:R}, ours {sos[s, k]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SosFilter_OnFloatInput_MatchesScipySosfilt(string name)
    {
        JsonElement c = Case(name);
        float[] input = c.GetProperty("input").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        double[] expected = c.GetProperty("output_float32").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var output = new float[input.Length];
        var filter = new SosFilter(Design(c));

        // In two spans, to show state carries across blocks.
        filter.Process(input.AsSpan(0, 150), output.AsSpan(0, 150));
        filter.Process(input.AsSpan(150), output.AsSpan(150));

        for (int i = 0; i < input.Length; i++)
        {
            // State and coefficients are double; only the output is rounded to float.
            Assert.True(Math.Abs(expected[i] - output[i]) <= 1e-6 * Math.Max(1, Math.Abs(expected[i])), $"{name} sample {i}: scipy {expected[i]}, ours {output[i]}");
        }
    }

    [Fact]
    public void LowPass_CutoffAtNyquist_ThrowsNamingTheLimit()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ButterworthDesign.LowPass(4, 50, 100));
        Assert.Contains("Nyquist", ex.Message, StringComparison.Ordinal);
    }
}
