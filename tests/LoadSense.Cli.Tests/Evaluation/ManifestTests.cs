using LoadSense.Cli.Evaluation;

namespace LoadSense.Cli.Tests.Evaluation;

public sealed class ManifestTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadsense-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string content)
    {
        string path = Path.Combine(_directory, "truth.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Theory]
    [InlineData("steps", new[] { 1.0, 5.0 })]
    [InlineData("jumps", new[] { 2.0 })]
    [InlineData("reps", new[] { 3.0, 4.0, 6.0 })]
    public void ReadTruthTimes_KindColumn_KeepsOnlyTheTasksKind(string task, double[] expected)
    {
        string path = Write("t,kind\n1.0,step\n2.0,Jump\n3.0,reps\n4.0,lift\n5.0,STEP\n6.0,repetition\n7.0,heel-off\n");

        Assert.Equal(expected, Manifest.ReadTruthTimes(path, Enum.Parse<EvalTask>(task, ignoreCase: true)));
    }

    [Fact]
    public void ReadTruthTimes_NoKindColumn_KeepsEveryTime()
    {
        string path = Write("t\n1.5\n\n2.5\n");

        Assert.Equal([1.5, 2.5], Manifest.ReadTruthTimes(path, EvalTask.Jumps));
    }

    [Fact]
    public void ReadTruthTimes_TimeNotANumber_NamesTheLine()
    {
        string path = Write("t,kind\n1.0,step\nsoon,step\n");

        var error = Assert.Throws<ManifestException>(() => Manifest.ReadTruthTimes(path, EvalTask.Steps));
        Assert.Contains("line 3: 'soon' is not a time in seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTruthTimes_EmptyKind_NamesTheLine()
    {
        string path = Write("t,kind\n1.0,step\n2.0,\n");

        var error = Assert.Throws<ManifestException>(() => Manifest.ReadTruthTimes(path, EvalTask.Steps));
        Assert.Contains("line 3: the kind is empty", error.Message, StringComparison.Ordinal);
    }
}
