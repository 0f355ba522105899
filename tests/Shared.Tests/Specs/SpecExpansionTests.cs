using SweepCluster.Shared.Specs;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Shared.Tests.Specs;

public sealed class SpecExpansionTests
{
    private static ExperimentSpec Spec(string seeds, string grid = "") => SpecParser.Parse($"""
        name: x
        task: {"{"} kind: synthetic {"}"}
        seeds: {seeds}
        {grid}
        """);

    [Fact]
    public void Expand_FactorialWithGrid_ConfigOuterThenInitThenOrderAsGiven()
    {
        var spec = Spec("{ init: [5, 2], order: [9, 1, 4] }", "grid: { epochs: [1, 2] }");

        var keys = SpecExpansion.Expand(spec, "sw");

        var expected = new List<TrialKey>();
        foreach (var config in new[] { 0, 1 })
        {
            foreach (var init in new[] { 5, 2 })
            {
                foreach (var order in new[] { 9, 1, 4 })
                {
                    expected.Add(new TrialKey("sw", config, init, order));
                }
            }
        }

        Assert.Equal(expected, keys);
        Assert.Equal("sw/c0-w5-d9", keys[0].TrialId);
        Assert.Equal("sw/c1-w2-d4", keys[^1].TrialId);
    }

    [Fact]
    public void Expand_RandomDesign_MatchesSnapshotFromIndependentReference()
    {
        // Computed once by a separate Python implementation of SplitMix64 + partial Fisher-Yates
        // (positions 0..19 = init index * 4 + order index, 7 drawn, sorted).
        var spec = Spec("{ init: 1..5, order: [10, 20, 30, 40], design: random, pairs: 7, sample_seed: 3 }");

        var keys = SpecExpansion.Expand(spec, "r");

        Assert.Equal(
            [(1, 10), (2, 20), (3, 30), (4, 20), (4, 30), (4, 40), (5, 10)],
            keys.Select(k => (k.InitSeed, k.OrderSeed)));
        Assert.All(keys, k => Assert.Equal(0, k.ConfigIndex));
    }

    [Fact]
    public void SeedPairs_NegativeSampleSeed_IsSignExtended()
    {
        var spec = Spec("{ init: 1..5, order: [10, 20, 30, 40], design: random, pairs: 7, sample_seed: -5 }");

        Assert.Equal(
            [(1, 10), (1, 30), (1, 40), (3, 20), (4, 30), (5, 10), (5, 20)],
            SpecExpansion.SeedPairs(spec.Seeds));
    }

    [Fact]
    public void Expand_RandomDesign_DrawsDistinctPairsInFactorialOrderStably()
    {
        var spec = Spec("{ init: [7, 3, 11, 0], order: [2, 8, 5], design: random, pairs: 9, sample_seed: 42 }",
            "grid: { learning_rate: [1e-5, 3e-5] }");

        var first = SpecExpansion.Expand(spec, "r");
        var second = SpecExpansion.Expand(spec, "r");

        Assert.Equal(first, second);
        Assert.Equal(18, first.Count);
        var pairs = first.Where(k => k.ConfigIndex == 0).Select(k => (k.InitSeed, k.OrderSeed)).ToList();
        Assert.Equal(pairs, first.Where(k => k.ConfigIndex == 1).Select(k => (k.InitSeed, k.OrderSeed)));
        Assert.Equal(9, pairs.Distinct().Count());
        Assert.All(pairs, p => Assert.True(spec.Seeds.Init.Contains(p.InitSeed) && spec.Seeds.Order.Contains(p.OrderSeed)));
        var init = spec.Seeds.Init.ToList();
        var order = spec.Seeds.Order.ToList();
        var positions = pairs.Select(p => (init.IndexOf(p.InitSeed) * 3) + order.IndexOf(p.OrderSeed)).ToList();
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void SeedPairs_RandomDesign_EveryPairEquallyLikelyAcrossSampleSeeds()
    {
        // 3 of 9 pairs: each pair should be drawn with probability 1/3. Over 3000 sample seeds the
        // count per pair is Binomial(3000, 1/3): mean 1000, sd 25.8; ±130 is five sd.
        var counts = new Dictionary<(int, int), int>();
        for (var sampleSeed = 0; sampleSeed < 3000; sampleSeed++)
        {
            var seeds = new SeedSpec([1, 2, 3], [1, 2, 3], "random", 3, sampleSeed);
            foreach (var pair in SpecExpansion.SeedPairs(seeds))
            {
                counts[pair] = counts.GetValueOrDefault(pair) + 1;
            }
        }

        Assert.Equal(9, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 870, 1130));
        Assert.Equal(9000, counts.Values.Sum());
    }

    [Fact]
    public void SeedPairs_AllPairsDrawn_EqualsFactorial()
    {
        var random = new SeedSpec([4, 1], [3, 0, 2], "random", 6, 99);
        var factorial = random with { Design = "factorial", Pairs = null };

        Assert.Equal(SpecExpansion.SeedPairs(factorial), SpecExpansion.SeedPairs(random));
        Assert.Equal([(4, 3), (4, 0), (4, 2), (1, 3), (1, 0), (1, 2)], SpecExpansion.SeedPairs(factorial));
    }

    [Fact]
    public void SeedPairs_RandomWithoutValidPairs_Throws()
    {
        Assert.Throws<ArgumentException>(() => SpecExpansion.SeedPairs(new SeedSpec([1], [1], "random", null, 0)));
        Assert.Throws<ArgumentException>(() => SpecExpansion.SeedPairs(new SeedSpec([1], [1], "random", 2, 0)));
        Assert.Throws<ArgumentException>(() => SpecExpansion.SeedPairs(new SeedSpec([1], [1], "latin", null, 0)));
    }

    [Fact]
    public void ConfigFor_TwoAxes_FirstAxisOutermost()
    {
        var spec = Spec("{ init: [1], order: [1] }",
            "grid: { learning_rate: [1e-5, 2e-5, 3e-5], epochs: [2, 4] }\ntraining: { dropout: 0.3 }");

        Assert.Equal(6, SpecExpansion.ConfigCount(spec));
        var expected = new (double Lr, int Epochs)[] { (1e-5, 2), (1e-5, 4), (2e-5, 2), (2e-5, 4), (3e-5, 2), (3e-5, 4) };
        for (var i = 0; i < expected.Length; i++)
        {
            var config = SpecExpansion.ConfigFor(spec, i);
            Assert.Equal(spec.Training with { LearningRate = expected[i].Lr, Epochs = expected[i].Epochs }, config);
            Assert.Equal(0.3, config.Dropout);
        }

        Assert.Equal(6, SpecExpansion.Expand(spec, "g").Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecExpansion.ConfigFor(spec, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecExpansion.ConfigFor(spec, -1));
    }

    [Fact]
    public void ConfigFor_EveryTrainingField_CanBeAGridAxis()
    {
        var spec = Spec("{ init: [1], order: [1] }", """
            grid:
              epochs: [7]
              batch_size: [8]
              learning_rate: [0.5]
              warmup_fraction: [0.25]
              weight_decay: [0.125]
              max_grad_norm: [2]
              dropout: [0.75]
              evaluations_per_epoch: [3]
              gradient_accumulation: [4]
              threads: [6]
            """);

        Assert.Equal(new TrainingSpec(7, 8, 0.5, 0.25, 0.125, 2, 0.75, 3, 4, 6), SpecExpansion.ConfigFor(spec, 0));
    }

    [Fact]
    public void ConfigFor_NoGrid_ReturnsTrainingUnchanged()
    {
        var spec = Spec("{ init: [1], order: [1] }");

        Assert.Equal(1, SpecExpansion.ConfigCount(spec));
        Assert.Same(spec.Training, SpecExpansion.ConfigFor(spec, 0));
    }
}
