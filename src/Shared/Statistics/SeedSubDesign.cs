namespace SweepCluster.Shared.Statistics;

/// <summary>A set of WI seeds and DO seeds whose every (WI, DO) cell has a score: a complete factorial.</summary>
/// <param name="InitSeeds">WI seeds, ascending.</param>
/// <param name="OrderSeeds">DO seeds, ascending.</param>
public sealed record SeedSubDesign(IReadOnlyList<int> InitSeeds, IReadOnlyList<int> OrderSeeds)
{
    /// <summary>Number of cells: |WI| · |DO|.</summary>
    public int Cells => InitSeeds.Count * OrderSeeds.Count;
}
