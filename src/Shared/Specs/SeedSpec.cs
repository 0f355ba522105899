namespace SweepCluster.Shared.Specs;

/// <summary>
/// Which (weight-init, data-order) seed pairs to run: the full factorial of the two lists by
/// default, or a seeded random subset of <see cref="Pairs"/> of them.
/// </summary>
/// <param name="Init">Weight-initialization seeds, in the order given (duplicates rejected).</param>
/// <param name="Order">Data-order seeds, in the order given (duplicates rejected).</param>
/// <param name="Design"><c>factorial</c> (default) or <c>random</c>.</param>
/// <param name="Pairs">For <c>random</c>: how many pairs to draw without replacement.</param>
/// <param name="SampleSeed">For <c>random</c>: seed of the draw (default 0).</param>
public sealed record SeedSpec(
    IReadOnlyList<int> Init,
    IReadOnlyList<int> Order,
    string Design,
    int? Pairs,
    int SampleSeed);
