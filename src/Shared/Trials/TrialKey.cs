namespace SweepCluster.Shared.Trials;

/// <summary>
/// Identifies one trial of a sweep: the hyperparameter configuration and the two seeds that
/// Dodge et al. vary. Retries of the same key are attempts, not new keys.
/// </summary>
/// <param name="SweepId">The sweep this trial belongs to.</param>
/// <param name="ConfigIndex">Index into the spec's hyperparameter grid (0 when there is no grid).</param>
/// <param name="InitSeed">Weight-initialization seed: drives the classifier-head initialization only.</param>
/// <param name="OrderSeed">Data-order seed: drives the per-epoch shuffles only.</param>
public sealed record TrialKey(string SweepId, int ConfigIndex, int InitSeed, int OrderSeed)
{
    /// <summary>
    /// Stable, human-readable trial id, unique within the store: <c>sweep/c0-w3-d7</c>.
    /// </summary>
    public string TrialId => $"{SweepId}/c{ConfigIndex}-w{InitSeed}-d{OrderSeed}";

    /// <summary>Parses an id produced by <see cref="TrialId"/>.</summary>
    public static TrialKey Parse(string trialId)
    {
        ArgumentNullException.ThrowIfNull(trialId);
        var slash = trialId.LastIndexOf('/');
        if (slash <= 0)
        {
            throw new FormatException($"'{trialId}' is not a trial id (expected sweep/cN-wN-dN).");
        }

        var parts = trialId[(slash + 1)..].Split('-');
        if (parts.Length != 3 || parts[0][0] != 'c' || parts[1][0] != 'w' || parts[2][0] != 'd'
            || !int.TryParse(parts[0].AsSpan(1), out var config)
            || !int.TryParse(parts[1].AsSpan(1), out var init)
            || !int.TryParse(parts[2].AsSpan(1), out var order))
        {
            throw new FormatException($"'{trialId}' is not a trial id (expected sweep/cN-wN-dN).");
        }

        return new TrialKey(trialId[..slash], config, init, order);
    }
}
