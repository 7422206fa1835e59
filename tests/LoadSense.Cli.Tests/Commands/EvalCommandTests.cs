using System.Globalization;
using System.Text;
using System.Text.Json;
using LoadSense.Core;
using LoadSense.Core.Simulation;

namespace LoadSense.Cli.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    // A simulated walk written in the corpus format, with its true heel strikes as a truth file.
    private (string Recording, string Truth, int Steps) WriteWalk(string name)
    {
        var simulator = new WearableSimulator("walk", Placement.Hip, 100, seed: 5, blockSize: 256);
        var csv = new StringBuilder("t,x,y,z\n");
        foreach (SampleBlock block in simulator.Generate([new ActivitySegment(0, SimulatedActivity.Rest, 5), new ActivitySegment(5, SimulatedActivity.Walk, 60), new ActivitySegment(65, SimulatedActivity.Rest, 5)]))
        {
            for (int i = 0; i < block.Count; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{block.Time[i]:0.0000},{block.X[i]:0.0000},{block.Y[i]:0.0000},{block.Z[i]:0.0000}\n");
            }
        }

        Directory.CreateDirectory(Path.Combine(_cli.Directory, "recordings"));
        Directory.CreateDirectory(Path.Combine(_cli.Directory, "truth"));
        _cli.WriteFile($"recordings/{name}.csv", csv.ToString());
        var steps = simulator.Truth.Where(e => e.Kind == LoadEventKind.Step).Select(e => e.Time.ToString("0.000", CultureInfo.InvariantCulture) + ",step").ToList();
        _cli.WriteFile($"truth/{name}.csv", "t,kind\n" + string.Join('\n', steps) + "\n");
        return ($"recordings/{name}.csv", $"truth/{name}.csv", steps.Count);
    }

    [Fact]
    public async Task Eval_SimulatedWalk_ReportsCountsAndPerEventScores()
    {
        var (recording, truth, steps) = WriteWalk("walk");
        string manifest = _cli.WriteFile("manifest.csv",
            "id,task,expected,placement,source_placement,rate_hz,duration_s,file,truth,dataset,licence\n" +
            $"walk,steps,{steps},hip,Belt,100,70,{recording},{truth},sim,CC0\n" +
            $"walk,jumps,0,hip,Belt,100,70,{recording},,sim,CC0\n" +
            $"walk,reps,0,hip,Belt,100,70,{recording},,sim,CC0\n");
        string json = Path.Combine(_cli.Directory, "eval.json");
        var (code, stdout, stderr) = await _cli.RunAsync("eval", "--manifest", manifest, "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("steps", stdout, StringComparison.Ordinal);
        Assert.Contains("jumps", stdout, StringComparison.Ordinal);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement stepsRow = doc.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("task").GetString() == "steps");
        Assert.Equal(steps, stepsRow.GetProperty("expected").GetInt32());
        Assert.InRange(stepsRow.GetProperty("detected").GetInt32(), steps * 0.97, steps * 1.03);
        JsonElement summary = doc.RootElement.GetProperty("summary").GetProperty("steps");
        Assert.InRange(summary.GetProperty("mape").GetDouble(), 0, 0.03);
        Assert.InRange(summary.GetProperty("recall").GetDouble(), 0.95, 1);
        Assert.InRange(summary.GetProperty("precision").GetDouble(), 0.95, 1);
        Assert.Equal(1.0, doc.RootElement.GetProperty("summary").GetProperty("jumps").GetProperty("zero_rows_none_found").GetDouble());
    }

    [Fact]
    public async Task Eval_RowOffByMoreThanOne_IsNamedAndCountsInMaeAndNonzeroWithin1()
    {
        // The same walk twice: once with its true count, once with 20 steps too many.
        var (recording, _, steps) = WriteWalk("walk");
        string manifest = _cli.WriteFile("m.csv",
            $"id,task,expected,placement,file\nwalk,steps,{steps},hip,{recording}\nwalk-mislabelled,steps,{steps + 20},hip,{recording}\n");
        string json = Path.Combine(_cli.Directory, "e.json");

        var (code, stdout, stderr) = await _cli.RunAsync("eval", "--manifest", manifest, "--json", json);

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        int detected = doc.RootElement.GetProperty("rows")[0].GetProperty("detected").GetInt32();
        Assert.InRange(detected, steps - 1, steps + 1);
        Assert.Contains($"off by more than 1: 1 of 2 rows; largest (true → detected): walk-mislabelled {steps + 20} → {detected}", stdout, StringComparison.Ordinal);
        JsonElement summary = doc.RootElement.GetProperty("summary").GetProperty("steps");
        Assert.Equal((Math.Abs(detected - steps) + Math.Abs(detected - steps - 20)) / 2.0, summary.GetProperty("mae").GetDouble(), 6);
        Assert.Equal(0.5, summary.GetProperty("nonzero_within1").GetDouble());
        Assert.Equal(detected == steps ? 0.5 : 0, summary.GetProperty("nonzero_exact").GetDouble());
        Assert.Equal(0.5, summary.GetProperty("by_placement").GetProperty("hip").GetProperty("within1").GetDouble());
    }

    [Fact]
    public async Task Eval_ResampledTo12Point5Hz_StillCountsTheWalk()
    {
        var (recording, _, steps) = WriteWalk("walk");
        string manifest = _cli.WriteFile("manifest.csv",
            "id,task,expected,placement,source_placement,rate_hz,duration_s,file,truth,dataset,licence\n" +
            $"walk,steps,{steps},hip,Belt,100,70,{recording},,sim,CC0\n");
        string json = Path.Combine(_cli.Directory, "eval.json");

        var (code, _, stderr) = await _cli.RunAsync("eval", "--manifest", manifest, "--resample-hz", "12.5", "--json", json);

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.InRange(doc.RootElement.GetProperty("rows")[0].GetProperty("detected").GetInt32(), steps * 0.95, steps * 1.05);
    }

    [Fact]
    public async Task Eval_TruthFileWithoutTheTasksKind_NamesTheFileAndExitsTwo()
    {
        // A truth file of jumps given to a steps row: its precision and recall would be
        // meaningless, so the row is reported (and still counted).
        var (recording, _, steps) = WriteWalk("walk");
        _cli.WriteFile("truth/jumps.csv", "t,kind\n3.0,jump\n");
        string manifest = _cli.WriteFile("m.csv", $"id,task,expected,placement,file,truth\nwalk,steps,{steps},hip,{recording},truth/jumps.csv\n");

        var (code, stdout, stderr) = await _cli.RunAsync("eval", "--manifest", manifest);

        Assert.Equal(2, code);
        Assert.Contains("no steps events in the truth file, but the row expects", stderr, StringComparison.Ordinal);
        Assert.Contains("steps", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("12.5")]
    public async Task Eval_SlowWalkWithThePhoneInHand_CountsNoRepetition(string? resampleHz)
    {
        // Real data (Oxford, CC BY 4.0, tests/data/README.md): 84 steps/min on carpet, the phone
        // in the hand swaying once a 1.45 s stride. At 12.5 Hz the step detector rarely finds
        // the steps steady, and the sway passed for a set until the stride rhythm guard reached
        // strides of 1.6 s like the step detector's.
        string manifest = _cli.WriteFile("m.csv",
            $"id,task,expected,placement,file\nslow,reps,0,other,{LoadSenseProcess.DataFile("oxford-slow-walk-in-hand.csv.gz")}\n");
        string json = Path.Combine(_cli.Directory, "e.json");
        string[] rate = resampleHz is null ? [] : ["--resample-hz", resampleHz];

        var (code, _, stderr) = await _cli.RunAsync(["eval", "--manifest", manifest, "--json", json, .. rate]);

        Assert.True(code == 0, stderr);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0, doc.RootElement.GetProperty("rows")[0].GetProperty("detected").GetInt32());
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("1000")]
    public async Task Eval_ResampleRateOutOfBounds_ExitsNamingTheOption(string rate)
    {
        string manifest = _cli.WriteFile("manifest.csv", "id,task,expected,placement,source_placement,rate_hz,duration_s,file,truth,dataset,licence\n");

        var (code, _, stderr) = await _cli.RunAsync("eval", "--manifest", manifest, "--resample-hz", rate);

        Assert.Equal(2, code);
        Assert.Contains("--resample-hz must be 1 to 400 Hz", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_TaskFilter_EvaluatesOnlyThatTask()
    {
        var (recording, _, steps) = WriteWalk("walk");
        string manifest = _cli.WriteFile("m.csv", $"id,task,expected,placement,file\nwalk,steps,{steps},hip,{recording}\nwalk,jumps,0,hip,{recording}\n");
        var (code, stdout, _) = await _cli.RunAsync("eval", "--manifest", manifest, "--task", "jumps");
        Assert.Equal(0, code);
        Assert.Contains("jumps", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("steps", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingRecording_NamesTheRowAndStillEvaluatesTheRest()
    {
        var (recording, _, steps) = WriteWalk("walk");
        string manifest = _cli.WriteFile("m.csv", $"id,task,expected,placement,file\nwalk,steps,{steps},hip,{recording}\ngone,steps,10,wrist,recordings/gone.csv\n");
        string json = Path.Combine(_cli.Directory, "e.json");
        var (code, _, stderr) = await _cli.RunAsync("eval", "--manifest", manifest, "--json", json);
        Assert.Equal(2, code);
        Assert.Contains("gone", stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", stderr, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.True(doc.RootElement.GetProperty("rows")[0].GetProperty("detected").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("rows")[1].GetProperty("detected").ValueKind);
    }

    [Theory]
    [InlineData("id,task,placement,file\nx,steps,hip,a.csv\n", "lacks expected")]
    [InlineData("id,task,expected,placement,file\nx,walking,3,hip,a.csv\n", "line 2: task 'walking'")]
    [InlineData("id,task,expected,placement,file\nx,steps,three,hip,a.csv\n", "line 2: expected 'three'")]
    [InlineData("id,task,expected,placement,file\nx,steps,3,ankle,a.csv\n", "line 2: placement 'ankle'")]
    [InlineData("", "empty")]
    [InlineData("id,task,expected,placement,file\n", "no rows")]
    public async Task Eval_MalformedManifest_ExitsTwoNamingTheProblem(string content, string expected)
    {
        string manifest = _cli.WriteFile("bad.csv", content);
        var (code, _, stderr) = await _cli.RunAsync("eval", "--manifest", manifest);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
