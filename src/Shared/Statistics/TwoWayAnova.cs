namespace SweepCluster.Shared.Statistics;

/// <summary>
/// Two-way fixed-effects ANOVA of a complete WI × DO factorial.
/// Without replication (one score per cell) the residual is interaction + error and
/// <see cref="Interaction"/> is null; with r ≥ 2 scores per cell the interaction is separated and
/// every F is tested against the within-cell error.
/// </summary>
/// <param name="InitLevels">Number of WI seeds (a).</param>
/// <param name="OrderLevels">Number of DO seeds (b).</param>
/// <param name="Replicates">Scores per cell (r).</param>
/// <param name="Init">WI main effect, df a − 1.</param>
/// <param name="Order">DO main effect, df b − 1.</param>
/// <param name="Interaction">WI × DO, df (a − 1)(b − 1); null when r = 1.</param>
/// <param name="Residual">Error: df (a − 1)(b − 1) when r = 1, ab(r − 1) otherwise.</param>
/// <param name="Total">Corrected total, df abr − 1.</param>
public sealed record TwoWayAnova(
    int InitLevels,
    int OrderLevels,
    int Replicates,
    AnovaRow Init,
    AnovaRow Order,
    AnovaRow? Interaction,
    AnovaRow Residual,
    AnovaRow Total);
