using System.Text.Json;

namespace LoadSense.Cli.Tests.Commands;

public sealed class PairCommandTests : IDisposable
{
    private readonly LoadSenseProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    private string SensorsFile => Path.Combine(_cli.Directory, "sensors.json");

    [Fact]
    public async Task Pair_ThenDevices_ListsTheSensorFromAFileNextToTheDatabase()
    {
        var (code, _, stderr) = await _cli.RunAsync("pair", "aa:bb:cc:dd:ee:01", "--patient", "p01", "--placement", "wrist");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:02", "--patient", "p02", "--placement", "hip", "--profile", "polar-pmd");
        Assert.True(code == 0, stderr);

        using JsonDocument stored = JsonDocument.Parse(await File.ReadAllTextAsync(SensorsFile));
        Assert.Equal(2, stored.RootElement.GetArrayLength());
        Assert.Equal("AA:BB:CC:DD:EE:01", stored.RootElement[0].GetProperty("address").GetString());
        Assert.Equal("wrist", stored.RootElement[0].GetProperty("placement").GetString());
        Assert.Equal("loadsense-v1", stored.RootElement[0].GetProperty("profile").GetString());
        Assert.Equal("polar-pmd", stored.RootElement[1].GetProperty("profile").GetString());

        var (listCode, stdout, _) = await _cli.RunAsync("devices");
        Assert.Equal(0, listCode);
        Assert.Matches(@"AA:BB:CC:DD:EE:01\s+p01\s+wrist\s+loadsense-v1", stdout);
        Assert.Matches(@"AA:BB:CC:DD:EE:02\s+p02\s+hip\s+polar-pmd", stdout);
    }

    [Fact]
    public async Task Pair_SameAddressAgain_ReplacesTheEntry()
    {
        Assert.Equal(0, (await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:01", "--patient", "p01", "--placement", "wrist")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("pair", "aa:bb:cc:dd:ee:01", "--patient", "p09", "--placement", "hip")).ExitCode);
        var (_, stdout, _) = await _cli.RunAsync("devices");
        Assert.DoesNotContain("p01", stdout, StringComparison.Ordinal);
        Assert.Matches(@"AA:BB:CC:DD:EE:01\s+p09\s+hip", stdout);
    }

    [Theory]
    [InlineData("AA:BB:CC:DD:EE", "--placement", "wrist", "not a Bluetooth address")]
    [InlineData("AA-BB-CC-DD-EE-FF", "--placement", "wrist", "not a Bluetooth address")]
    [InlineData("GG:BB:CC:DD:EE:FF", "--placement", "wrist", "not a Bluetooth address")]
    [InlineData("AA:BB:CC:DD:EE:FF", "--placement", "ankle", "--placement 'ankle' is not wrist or hip")]
    [InlineData("AA:BB:CC:DD:EE:FF", "--profile", "fitbit", "--profile 'fitbit' is unknown")]
    public async Task Pair_BadInput_ExitsTwoWithAClearMessageAndStoresNothing(string address, string option, string value, string message)
    {
        var args = new List<string> { "pair", address, "--patient", "p01" };
        if (option != "--placement")
        {
            args.AddRange(["--placement", "hip"]);
        }

        args.AddRange([option, value]);
        var (code, _, stderr) = await _cli.RunAsync([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(SensorsFile), "nothing is stored");
    }

    [Fact]
    public async Task Devices_NonePaired_SaysHowToPair()
    {
        var (code, stdout, _) = await _cli.RunAsync("devices");
        Assert.Equal(0, code);
        Assert.Contains("No paired sensors", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpair_RemovesOnlyThatSensor()
    {
        Assert.Equal(0, (await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:01", "--patient", "p01", "--placement", "wrist")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("pair", "AA:BB:CC:DD:EE:02", "--patient", "p02", "--placement", "hip")).ExitCode);
        var (code, _, stderr) = await _cli.RunAsync("unpair", "aa:bb:cc:dd:ee:01");
        Assert.True(code == 0, stderr);
        var (_, stdout, _) = await _cli.RunAsync("devices");
        Assert.DoesNotContain("EE:01", stdout, StringComparison.Ordinal);
        Assert.Contains("AA:BB:CC:DD:EE:02", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpair_NotPaired_ExitsTwo()
    {
        var (code, _, stderr) = await _cli.RunAsync("unpair", "AA:BB:CC:DD:EE:03");
        Assert.Equal(2, code);
        Assert.Contains("is not paired", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_CorruptFile_ExitsThreeNamingTheFile()
    {
        _cli.WriteFile("sensors.json", "[{\"address\": \"nope\"}");
        var (code, _, stderr) = await _cli.RunAsync("devices");
        Assert.Equal(3, code);
        Assert.Contains("sensors.json", stderr, StringComparison.Ordinal);
    }
}
