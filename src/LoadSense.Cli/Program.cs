using System.CommandLine;
using LoadSense.Cli.Commands;

namespace LoadSense.Cli;

/// <summary>The <c>loadsense</c> command line.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "LoadSense measures bone-building exercise from wrist or hip accelerometers: it counts steps, jumps and " +
            "resistance-training repetitions, scores their osteogenic load, and summarises each patient's week against targets.\n\n" +
            "Start with 'loadsense demo' (a simulated week, no sensor needed), then 'loadsense analyze FILE' on a recording " +
            "and 'loadsense summary --patient ID'.")
        {
            DemoCommand.Create(),
            AnalyzeCommand.Create(),
            SummaryCommand.Create(),
            SimulateCommand.Create(),
            EvalCommand.Create(),
            DecodeCommand.Create(),
            ReportCommand.Create(),
            TargetsCommand.Create(),
            SyncCommand.Create(),
            StatusCommand.Create(),
            PairCommand.CreatePair(),
            PairCommand.CreateDevices(),
            PairCommand.CreateUnpair(),
            ScanCommand.Create(),
            RunCommand.Create(),
            DoctorCommand.Create(),
        };
        return await root.Parse(args).InvokeAsync();
    }
}
