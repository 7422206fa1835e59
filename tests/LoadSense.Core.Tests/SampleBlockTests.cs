namespace LoadSense.Core.Tests;

public sealed class SampleBlockTests
{
    [Fact]
    public void ShiftTimes_OffsetAndDrift_MapsEverySampleFromTheFirst()
    {
        var block = new SampleBlock("d", 4);
        block.Add(10, 0, 0, 1);
        block.Add(11, 0, 0, 1);
        block.Add(12, 0, 0, 1);

        block.ShiftTimes(100, 0.001);

        Assert.Equal([110, 111.001, 112.002], block.Time.ToArray(), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void ShiftTimes_Empty_DoesNothing()
    {
        var block = new SampleBlock("d", 4);
        block.ShiftTimes(100, 0.001);
        Assert.Equal(0, block.Count);
    }
}
