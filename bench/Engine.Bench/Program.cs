using BenchmarkDotNet.Running;

// BenchmarkDotNet entry point: `dotnet run -c Release --project bench/Engine.Bench -- --filter '*W1*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
