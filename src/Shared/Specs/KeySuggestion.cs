namespace SweepCluster.Shared.Specs;

/// <summary>"Did you mean …?" hints for misspelled keys and names.</summary>
internal static class KeySuggestion
{
    /// <summary>
    /// The closest candidate within a small edit distance (case-insensitive), or null. Ties go to
    /// the candidate listed first, so the hint does not depend on hashing.
    /// </summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Two edits catch typos and plurals; short words get fewer so that 'lr' does not become 'f1'.
        var allowed = Math.Min(2, Math.Max(1, word.Length / 3));
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Formats the hint as <c> (did you mean 'x'?)</c>, or an empty string.</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Closest(word, candidates) is { } match ? $" (did you mean '{match}'?)" : string.Empty;

    /// <summary>Levenshtein distance with two rolling rows.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
