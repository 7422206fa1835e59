using LoadSense.Recordings;

namespace LoadSense.Recordings.Tests;

public sealed class RecordingFormatExceptionTests
{
    [Fact]
    public void Constructor_FileAndLine_KeepsBoth()
    {
        var error = new RecordingFormatException("/data/walk.csv", 1234, "walk.csv line 1234: expected 4 columns, found 3: \"1.2,abc,0.3\"");

        Assert.Equal("/data/walk.csv", error.Path);
        Assert.Equal(1234, error.LineNumber);
        Assert.StartsWith("walk.csv line 1234:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MessageOnly_HasNoFileOrLine()
    {
        var error = new RecordingFormatException("bad");

        Assert.Equal(string.Empty, error.Path);
        Assert.Equal(0, error.LineNumber);
    }
}
