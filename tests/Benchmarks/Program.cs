using SweepCluster.Benchmarks;

// Dispatch on the first argument; add a case per benchmark.
return args.Length == 0 ? Usage() : args[0] switch
{
    "gemm" => GemmBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <benchmark> [options]");
    Console.WriteLine("benchmarks: gemm [--seconds S] [--narrow-kernels]");
    return 2;
}
