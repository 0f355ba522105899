namespace SweepCluster.Shared.Statistics;

/// <summary>How often trials with a given seed diverged.</summary>
/// <param name="Seed">The WI or DO seed.</param>
/// <param name="Diverged">Trials with this seed that diverged.</param>
/// <param name="Trials">Trials with this seed.</param>
public sealed record DivergenceRate(int Seed, int Diverged, int Trials)
{
    /// <summary>Diverged / Trials.</summary>
    public double Rate => (double)Diverged / Trials;
}
