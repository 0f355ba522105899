using System.Diagnostics;
using System.Globalization;
using SweepCluster.Training.Model;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Benchmarks;

/// <summary>
/// Our side of <see cref="TrainThroughputBenchmark"/>, run as a child process so that its peak memory is
/// one trial's: a bert-tiny-shaped <see cref="BertClassifier"/> initialized from a seed, trained by
/// <see cref="FineTuner"/>'s own step (<c>TrainStep</c>: pack, forward with dropout, backward, clipping,
/// AdamW with warm-up/decay, zero grads) on seeded random token ids. Same line protocol as
/// <c>train_throughput_torch.py</c>: prints <c>ready</c> after the warm-up steps, then serves
/// <c>run K</c> → <c>done seconds shortest-seq</c>, <c>stats</c> and <c>quit</c> from stdin.
/// </summary>
internal static class TrainThroughputWorker
{
    public static int Run(TrainThroughputShape shape, int threads, int warmup)
    {
        var config = new BertConfig
        {
            VocabSize = shape.Vocab,
            HiddenSize = shape.Hidden,
            NumHiddenLayers = shape.Layers,
            NumAttentionHeads = shape.Heads,
            IntermediateSize = shape.Intermediate,
            HiddenDropoutProb = 0.1,
            AttentionProbsDropoutProb = 0.1,
        };
        var model = new BertClassifier(config, numLabels: 2, threads);
        var (train, labels) = MakeData(shape, seed: 1);
        var data = FineTuningData.Classification(train, labels, train.Take(1).ToList(), labels[..1], 2);
        var options = new FineTuningOptions { Epochs = 100_000, BatchSize = shape.Batch, LearningRate = 1e-4, WarmupFraction = 0.1 };
        var tuner = FineTuner.StartFresh(model, data, options, new TrainingSeeds(1, 1), WeightInitialization.All);
        var shortest = shape.Seq;
        tuner.BatchVisited = (_, rows) => shortest = Math.Min(shortest, rows.Max(r => train[r].TokenCount));
        for (var i = 0; i < warmup; i++)
        {
            Step(tuner);
        }

        Console.WriteLine("ready");
        long allocatedInRuns = 0;
        var stepsInRuns = 0;
        while (Console.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            switch (words[0])
            {
                case "run":
                    var steps = int.Parse(words[1], CultureInfo.InvariantCulture);
                    shortest = shape.Seq;
                    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < steps; i++)
                    {
                        Step(tuner);
                    }

                    var seconds = clock.Elapsed.TotalSeconds;
                    allocatedInRuns += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    stepsInRuns += steps;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {seconds:F6} {shortest}"));
                    break;
                case "stats":
                    using (var self = Process.GetCurrentProcess())
                    {
                        var gc = GC.GetGCMemoryInfo();
                        Console.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"stats peak_rss_kb={self.PeakWorkingSet64 / 1024} gc_heap_kb={gc.HeapSizeBytes / 1024} " +
                            $"alloc_per_step_kb={(stepsInRuns == 0 ? 0 : allocatedInRuns / stepsInRuns / 1024)} gen2={GC.CollectionCount(2)} threads={model.Threads}"));
                    }

                    break;
                case "quit":
                    return 0;
                default:
                    Console.WriteLine($"error unknown command {words[0]}");
                    break;
            }
        }

        return 0;
    }

    private static void Step(FineTuner tuner)
    {
        if (tuner.TrainStep(out _, out _, out _) is { } diverged)
        {
            throw new InvalidOperationException(diverged);
        }
    }

    /// <summary>Half the examples fill the sequence, half are shorter (16..S−1 tokens) and padded, as in the torch script.</summary>
    private static (List<EncodedExample> Examples, int[] Labels) MakeData(TrainThroughputShape shape, long seed)
    {
        var rng = Rng.ForStream("train-throughput", seed);
        var examples = new List<EncodedExample>(shape.Examples);
        var labels = new int[shape.Examples];
        for (var e = 0; e < shape.Examples; e++)
        {
            var length = e % 2 == 0 ? shape.Seq : 16 + rng.NextInt(shape.Seq - 16);
            var ids = new int[shape.Seq];
            var mask = new int[shape.Seq];
            for (var t = 0; t < length; t++)
            {
                ids[t] = 1000 + rng.NextInt(shape.Vocab - 1000);
                mask[t] = 1;
            }

            ids[0] = 101;
            ids[length - 1] = 102;
            examples.Add(new EncodedExample(ids, new int[shape.Seq], mask));
            labels[e] = rng.NextInt(2);
        }

        return (examples, labels);
    }
}
