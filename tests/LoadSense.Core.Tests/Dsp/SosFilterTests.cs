using LoadSense.Core.Dsp;

namespace LoadSense.Core.Tests.Dsp;

public class SosFilterTests
{
    [Fact]
    public void Reset_WithSteadyInput_OutputsTheSteadyValueAtOnce()
    {
        var filter = new SosFilter(ButterworthDesign.LowPass(4, 5, 100));
        filter.Reset(1f);
        var input = Enumerable.Repeat(1f, 50).ToArray();
        var output = new float[50];
        filter.Process(input, output);
        Assert.All(output, v => Assert.Equal(1f, v, 1e-5f));
    }

    [Fact]
    public void Reset_Zero_ForgetsEarlierInput()
    {
        var filter = new SosFilter(ButterworthDesign.HighPass(2, 0.5, 100));
        var once = new float[20];
        var twice = new float[20];
        float[] input = Enumerable.Range(0, 20).Select(i => (float)Math.Sin(i)).ToArray();
        filter.Process(input, once);
        filter.Process(input, twice);
        Assert.NotEqual(once, twice);
        filter.Reset();
        filter.Process(input, twice);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Process_InPlace_MatchesSeparateOutput()
    {
        float[] input = Enumerable.Range(0, 64).Select(i => (float)Math.Cos(i * 0.3)).ToArray();
        var separate = new float[64];
        new SosFilter(ButterworthDesign.LowPass(2, 3, 50)).Process(input, separate);
        float[] inPlace = (float[])input.Clone();
        new SosFilter(ButterworthDesign.LowPass(2, 3, 50)).Process(inPlace, inPlace);
        Assert.Equal(separate, inPlace);
    }

    [Fact]
    public void ProcessAxes_ThreeAxes_MatchesThreeSeparateFiltersBitForBit()
    {
        float[][] axes = [.. Enumerable.Range(0, 3).Select(a => Enumerable.Range(0, 200).Select(i => (float)Math.Sin((i * 0.07 * (a + 1)) + a)).ToArray())];
        float[][] separate = [new float[200], new float[200], new float[200]];
        for (int a = 0; a < 3; a++)
        {
            var filter = new SosFilter(ButterworthDesign.LowPass(4, 1.5, 100));
            filter.Reset(axes[a][0]);
            filter.Process(axes[a], separate[a]);
        }

        SosFilter[] filters = [.. Enumerable.Range(0, 3).Select(_ => new SosFilter(ButterworthDesign.LowPass(4, 1.5, 100)))];
        for (int a = 0; a < 3; a++)
        {
            filters[a].Reset(axes[a][0]);
        }

        float[][] together = [new float[200], new float[200], new float[200]];
        SosFilter.ProcessAxes((filters[0], filters[1], filters[2]), axes[0], axes[1], axes[2], together[0], together[1], together[2]);
        for (int a = 0; a < 3; a++)
        {
            Assert.Equal(separate[a], together[a]);
        }
    }

    [Fact]
    public void ProcessAxes_AxesOfDifferentLengths_Throws()
    {
        var f = new SosFilter(ButterworthDesign.LowPass(2, 1.5, 100));
        var g = new SosFilter(ButterworthDesign.LowPass(2, 1.5, 100));
        var h = new SosFilter(ButterworthDesign.LowPass(2, 1.5, 100));
        Assert.Throws<ArgumentException>(() => SosFilter.ProcessAxes((f, g, h), new float[10], new float[9], new float[10], new float[10], new float[10], new float[10]));
    }

    [Fact]
    public void ProcessBoth_TwoDesigns_MatchesTwoSeparateFiltersBitForBit()
    {
        float[] input = [.. Enumerable.Range(0, 300).Select(i => 1f + (float)Math.Sin(i * 0.2))];
        var low = new float[300];
        var band = new float[300];
        new SosFilter(ButterworthDesign.LowPass(4, 20, 100)).Process(input, low);
        new SosFilter(ButterworthDesign.HighPass(2, 0.5, 100)).Process(input, band);
        var lowTogether = new float[300];
        var bandTogether = new float[300];
        SosFilter.ProcessBoth((new SosFilter(ButterworthDesign.LowPass(4, 20, 100)), new SosFilter(ButterworthDesign.HighPass(2, 0.5, 100))), input, lowTogether, bandTogether);
        Assert.Equal(low, lowTogether);
        Assert.Equal(band, bandTogether);
    }

    [Fact]
    public void ProcessBoth_ShortOutput_Throws()
    {
        var f = new SosFilter(ButterworthDesign.LowPass(2, 1.5, 100));
        var g = new SosFilter(ButterworthDesign.LowPass(2, 1.5, 100));
        Assert.Throws<ArgumentException>(() => SosFilter.ProcessBoth((f, g), new float[10], new float[10], new float[9]));
    }

    [Fact]
    public void Constructor_ZeroLeadingDenominator_Throws() =>
        Assert.Throws<ArgumentException>(() => new SosFilter(new double[,] { { 1, 0, 0, 0, 0, 0 } }));
}
