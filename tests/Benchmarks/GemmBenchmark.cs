using System.Diagnostics;
using System.Globalization;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Stopwatch harness for the GEMM shapes of one bert-tiny training step (2 layers, hidden 128,
/// 2 heads, intermediate 512, batch 32 × seq 64 = 2048 tokens). Prints GFLOP/s per shape for the
/// managed backend on 1 and 2 threads and for OpenBLAS on 1 thread, then the time of the whole
/// per-step GEMM mix. Usage: <c>gemm [--seconds S] [--narrow-kernels]</c>: S is the time per
/// measurement (default 0.3); the flag adds the managed AVX2 and 128-bit kernels, single-threaded.
/// </summary>
public static class GemmBenchmark
{
    private const int Tokens = 2048;
    private const int Hidden = 128;
    private const int Intermediate = 512;
    private const int Seq = 64;
    private const int HeadDim = 64;
    private const int AttentionBlocks = 32 * 2;
    private const int Layers = 2;
    private const int Rounds = 3;

    private static readonly Shape[] Shapes =
    [
        new("QKV fwd       X·Wᵀ", false, true, Tokens, 3 * Hidden, Hidden, Layers),
        new("QKV dX       dY·W", false, false, Tokens, Hidden, 3 * Hidden, Layers),
        new("QKV dW      dYᵀ·X", true, false, 3 * Hidden, Hidden, Tokens, Layers),
        new("attn-out fwd  X·Wᵀ", false, true, Tokens, Hidden, Hidden, Layers),
        new("attn-out dX  dY·W", false, false, Tokens, Hidden, Hidden, Layers),
        new("attn-out dW dYᵀ·X", true, false, Hidden, Hidden, Tokens, Layers),
        new("FFN-up fwd    X·Wᵀ", false, true, Tokens, Intermediate, Hidden, Layers),
        new("FFN-up dX    dY·W", false, false, Tokens, Hidden, Intermediate, Layers),
        new("FFN-up dW   dYᵀ·X", true, false, Intermediate, Hidden, Tokens, Layers),
        new("FFN-down fwd  X·Wᵀ", false, true, Tokens, Hidden, Intermediate, Layers),
        new("FFN-down dX  dY·W", false, false, Tokens, Intermediate, Hidden, Layers),
        new("FFN-down dW dYᵀ·X", true, false, Hidden, Intermediate, Tokens, Layers),
        new("scores       Q·Kᵀ", false, true, Seq, Seq, HeadDim, Layers * AttentionBlocks * 2),
        new("context/dQ    P·V", false, false, Seq, HeadDim, Seq, Layers * AttentionBlocks * 2),
        new("dV, dK       Pᵀ·dC", true, false, Seq, HeadDim, Seq, Layers * AttentionBlocks * 2),
    ];

    public static int Run(string[] args)
    {
        var seconds = 0.3;
        var narrowKernels = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length)
            {
                seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--narrow-kernels")
            {
                narrowKernels = true;
            }
        }

        var configs = new List<(string Name, GemmOptions Options)>
        {
            ("managed×1", GemmOptions.Default),
            ("managed×2", new GemmOptions { Threads = 2 }),
        };
        if (narrowKernels)
        {
            configs.Add(("avx2-6x16×1", new GemmOptions { Kernel = GemmKernelKind.Vector256 }));
            configs.Add(("sse-8x8×1", new GemmOptions { Kernel = GemmKernelKind.Vector128 }));
        }

        if (Gemm.IsOpenBlasAvailable)
        {
            // Threads = 1 makes the backend call openblas_set_num_threads(1) before the first call.
            configs.Add(("openblas×1", new GemmOptions { Backend = GemmBackend.OpenBlas, Threads = 1 }));
            var coreType = Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(auto)";
            Console.WriteLine($"OpenBLAS: 1 thread via openblas_set_num_threads, OPENBLAS_CORETYPE={coreType}");
        }
        else
        {
            Console.WriteLine("OpenBLAS not found (install libopenblas0-pthread): skipping its column.");
        }

        Console.WriteLine($"GEMM GFLOP/s, fastest ~0.2 ms batch within {seconds:0.##} s (managed kernel {KernelName()})");
        Console.WriteLine(ThreadCpuClock.IsAvailable
            ? "×1 columns: min of wall and thread CPU time per batch; ×2: wall time (suffers most on a busy machine)"
            : "all columns: wall time");
        Console.Write($"{"shape",-20} {"op",3} {"m×n×k",-15} {"per step",8}");
        foreach (var (name, _) in configs)
        {
            Console.Write($" {name,11}");
        }

        Console.WriteLine();
        var stepSeconds = new double[configs.Count];
        var stepFlops = 0.0;
        foreach (var shape in Shapes)
        {
            var op = $"{(shape.TransposeA ? 'T' : 'N')}{(shape.TransposeB ? 'T' : 'N')}";
            Console.Write($"{shape.Name,-20} {op,3} {$"{shape.M}×{shape.N}×{shape.K}",-15} {shape.PerStep,8}");
            stepFlops += shape.Flops * shape.PerStep;
            // Round-robin over the backends so that a noisy moment on the shared machine hits all of them.
            var best = new double[configs.Count];
            Array.Fill(best, double.MaxValue);
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < configs.Count; i++)
                {
                    best[i] = Math.Min(best[i], Measure(shape, configs[i].Options, seconds / Rounds));
                }
            }

            for (var i = 0; i < configs.Count; i++)
            {
                stepSeconds[i] += best[i] * shape.PerStep;
                Console.Write($" {shape.Flops / best[i] / 1e9,11:0.0}");
            }

            Console.WriteLine();
        }

        Console.Write($"{"whole step mix",-20} {"",3} {$"{stepFlops / 1e9:0.00} GFLOP",-15} {"",8}");
        foreach (var s in stepSeconds)
        {
            Console.Write($" {stepFlops / s / 1e9,11:0.0}");
        }

        Console.WriteLine();
        Console.Write($"{"  ms per step",-49}");
        foreach (var s in stepSeconds)
        {
            Console.Write($" {s * 1e3,11:0.00}");
        }

        Console.WriteLine();
        return 0;
    }

    private static string KernelName()
    {
        return System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128/scalar";
    }

    private static double Measure(Shape shape, GemmOptions options, double seconds)
    {
        var rng = new Random(shape.M + shape.N + shape.K);
        var a = Fill(rng, shape.M * shape.K);
        var b = Fill(rng, shape.K * shape.N);
        var c = new float[shape.M * shape.N];
        var lda = shape.TransposeA ? shape.M : shape.K;
        var ldb = shape.TransposeB ? shape.K : shape.N;
        void Call() => Gemm.Multiply(shape.TransposeA, shape.TransposeB, shape.M, shape.N, shape.K, 1f, a, lda, b, ldb, 0f, c, shape.N, options);

        // The machine is shared and often oversubscribed. Time batches of about 0.2 ms and keep the
        // fastest. Disturbance only ever slows a batch down, on either clock: wall time also counts
        // time descheduled, the thread's CPU time (single-threaded runs only) still counts cold caches
        // after another process ran. So the smaller of the two is the best estimate.
        var cpuClock = options.Threads == 1 && ThreadCpuClock.IsAvailable;
        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.Elapsed.TotalSeconds < seconds / 4)
        {
            Call();
            calls++;
        }

        var batch = Math.Max(1, (int)(calls * 2e-4 / (seconds / 4)));
        var best = double.MaxValue;
        watch.Restart();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var wallStart = watch.Elapsed.TotalSeconds;
            var cpuStart = cpuClock ? ThreadCpuClock.Now() : 0;
            for (var i = 0; i < batch; i++)
            {
                Call();
            }

            var elapsed = watch.Elapsed.TotalSeconds - wallStart;
            if (cpuClock)
            {
                elapsed = Math.Min(elapsed, ThreadCpuClock.Now() - cpuStart);
            }

            best = Math.Min(best, elapsed / batch);
        }

        return best;
    }

    private static float[] Fill(Random rng, int count)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return values;
    }

    private sealed record Shape(string Name, bool TransposeA, bool TransposeB, int M, int N, int K, int PerStep)
    {
        public double Flops => 2.0 * M * N * K;
    }
}
