using SweepCluster.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- <name> [args]; add a case per benchmark.
var name = args.Length > 0 ? args[0] : "";
var rest = args.Skip(1).ToArray();
return name switch
{
    "throughput" => await ClusterBenchmarks.ThroughputAsync(rest),
    "walltime" => await ClusterBenchmarks.WallTimeAsync(rest),
    "journal" => await RunJournalAsync(rest),
    "journal-pg" => await PostgresJournalAppendBenchmark.RunAsync(rest),
    "gemm" => GemmBenchmark.Run(rest),
    "command" => await CommandRunnerBenchmark.RunAsync(rest),
    "learn" => LearningBenchmark.Run(rest),
    "dispatch" => await SweepCluster.Benchmarks.Cluster.DispatchLatencyBenchmark.RunAsync(rest),
    "ingest" => await SweepCluster.Benchmarks.Cluster.IngestBenchmark.RunAsync(rest),
    "many-nodes" => await SweepCluster.Benchmarks.Cluster.ManyNodesBenchmark.RunAsync(rest),
    "store-scale" => await SweepCluster.Benchmarks.Cluster.StoreScaleBenchmark.RunAsync(rest),
    "cluster-nodes" => await SweepCluster.Benchmarks.Cluster.NodeProcess.RunAsync(rest),
    "train-throughput" => TrainThroughputBenchmark.Run(rest),
    "realdata" => await RealDataBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- <benchmark> [options]");
    Console.WriteLine("cluster (issue 5): dispatch [trials nodes slots step-ms sqlite|postgres] | ingest [metrics-per-trial trials nodes slots sqlite|postgres|both] | many-nodes [nodes slots trials steps step-ms sqlite|postgres] | store-scale [sizes probe sqlite|postgres|both]");
    Console.WriteLine("benchmarks: throughput [seeds slots warmup-seeds repeats] | walltime [trials] | journal [events] | journal-pg [events] | gemm [--seconds S] [--narrow-kernels] | command [launches lines] | learn [synthetic|spam|all] [seed pairs] [spam jsonl] | realdata FULL_DB COHORT_DB [FULL_SWEEP COHORT_SWEEP]");
    Console.WriteLine("engine (issue 3): train-throughput [--threads 1,2] [--windows 6] [--steps 10] [--warmup 3] [--python PATH] [--no-torch]");
    return 2;
}

static async Task<int> RunJournalAsync(string[] args)
{
    await JournalAppendBenchmark.RunAsync(args);
    return 0;
}
