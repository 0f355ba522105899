using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Data;

/// <summary>
/// Holds out a seeded, label-stratified validation set from data that has none (spam corpora,
/// custom CSV/JSONL). The same examples, fraction and seed always give the same split.
/// </summary>
/// <remarks>
/// <para>The validation size is <c>round(fraction × N)</c> (half away from zero), kept within
/// [1, N−1] so that neither part is empty. It is shared among the labels by largest remainder:
/// each label gets <c>floor(fraction × n_label)</c> and the leftover examples go to the labels with
/// the largest fractional parts (ties: label in ordinal order). So every class appears in both
/// parts in proportion, which matters for small, imbalanced tasks.</para>
/// <para>Within a label, the held-out examples are the first of a Fisher–Yates shuffle of that
/// label's examples drawn from <c>Rng.ForStream("split", seed)</c>, labels visited in ordinal
/// order (unlabelled examples form their own group, first). Both parts keep the input order.</para>
/// </remarks>
public static class DatasetSplitter
{
    /// <summary>Splits <paramref name="examples"/> into train and validation parts.</summary>
    /// <param name="examples">All examples (at least 2).</param>
    /// <param name="validationFraction">Share held out, strictly between 0 and 1.</param>
    /// <param name="seed">Split seed (independent of the weight-init and data-order seeds).</param>
    public static DatasetSplit Split(IReadOnlyList<TextExample> examples, double validationFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!(validationFraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be strictly between 0 and 1.");
        }

        if (examples.Count < 2)
        {
            throw new ArgumentException($"Cannot split {examples.Count} example(s) into two non-empty parts.", nameof(examples));
        }

        var groups = examples
            .Select((e, i) => (Key: e.Label, Index: i))
            .GroupBy(x => x.Key)
            .OrderBy(g => g.Key is not null)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Select(x => x.Index).ToArray())
            .ToList();

        var total = (int)Math.Clamp(Math.Round(validationFraction * examples.Count, MidpointRounding.AwayFromZero), 1, examples.Count - 1);
        var quotas = Apportion(groups.Select(g => g.Length).ToArray(), validationFraction, total);

        var rng = Rng.ForStream("split", seed);
        var held = new bool[examples.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g];
            rng.Shuffle(members.AsSpan());
            for (var k = 0; k < quotas[g]; k++)
            {
                held[members[k]] = true;
            }
        }

        var train = new List<TextExample>(examples.Count - total);
        var validation = new List<TextExample>(total);
        for (var i = 0; i < examples.Count; i++)
        {
            (held[i] ? validation : train).Add(examples[i]);
        }

        return new DatasetSplit(train, validation);
    }

    // Largest-remainder apportionment of `total` among groups in proportion to their sizes.
    private static int[] Apportion(int[] sizes, double fraction, int total)
    {
        var quotas = new int[sizes.Length];
        var remainders = new double[sizes.Length];
        var assigned = 0;
        for (var g = 0; g < sizes.Length; g++)
        {
            var exact = fraction * sizes[g];
            quotas[g] = Math.Min((int)Math.Floor(exact), sizes[g]);
            remainders[g] = exact - quotas[g];
            assigned += quotas[g];
        }

        // Order is stable, so equal remainders go to the earlier (ordinal) label.
        var order = Enumerable.Range(0, sizes.Length).OrderByDescending(g => remainders[g]).ToArray();
        for (var k = 0; assigned < total; k = (k + 1) % order.Length)
        {
            var g = order[k];
            if (quotas[g] < sizes[g])
            {
                quotas[g]++;
                assigned++;
            }
        }

        for (var k = order.Length - 1; assigned > total; k = (k - 1 + order.Length) % order.Length)
        {
            var g = order[k];
            if (quotas[g] > 0)
            {
                quotas[g]--;
                assigned--;
            }
        }

        return quotas;
    }
}
