using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/LoadSense.Benchmarks -- --filter '*'            full numbers
// dotnet run -c Release --project benchmarks/LoadSense.Benchmarks -- --filter '*' --job Dry  quick: only checks they run
BenchmarkSwitcher.FromAssembly(typeof(LoadSense.Benchmarks.StreamAnalyzerBenchmarks).Assembly).Run(args);
