using System.Globalization;

namespace SweepCluster.Benchmarks;

/// <summary>The model and batch shape of the <c>train-throughput</c> benchmark (default: bert-tiny, seq 64, batch 32).</summary>
internal sealed record TrainThroughputShape(
    int Vocab = 30522, int Hidden = 128, int Layers = 2, int Heads = 2, int Intermediate = 512, int Seq = 64, int Batch = 32, int Examples = 1024)
{
    public int TokensPerStep => Seq * Batch;

    /// <summary>The same shape as command-line options of both workers.</summary>
    public string Arguments => string.Create(
        CultureInfo.InvariantCulture,
        $"--vocab {Vocab} --hidden {Hidden} --layers {Layers} --heads {Heads} --intermediate {Intermediate} --seq {Seq} --batch {Batch} --examples {Examples}");

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Layers} layers, hidden {Hidden}, {Heads} heads, intermediate {Intermediate}, vocabulary {Vocab}, sequence {Seq}, batch {Batch}");

    /// <summary>Reads the options written by <see cref="Arguments"/> (unknown ones are left to the caller).</summary>
    public static TrainThroughputShape Parse(IReadOnlyList<string> args)
    {
        var shape = new TrainThroughputShape();
        for (var i = 0; i + 1 < args.Count; i++)
        {
            var value = int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
            shape = args[i] switch
            {
                "--vocab" => shape with { Vocab = value },
                "--hidden" => shape with { Hidden = value },
                "--layers" => shape with { Layers = value },
                "--heads" => shape with { Heads = value },
                "--intermediate" => shape with { Intermediate = value },
                "--seq" => shape with { Seq = value },
                "--batch" => shape with { Batch = value },
                "--examples" => shape with { Examples = value },
                _ => shape,
            };
        }

        return shape;
    }
}
