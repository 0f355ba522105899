using System.Globalization;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Loads a backend's schema scripts: embedded resources named <c>{prefix}NNNN_description.sql</c>
/// (see Coordinator.csproj), numbered 1, 2, … without gaps.
/// </summary>
internal static class MigrationScripts
{
    /// <summary>Every script under <paramref name="resourcePrefix"/>, ordered by version.</summary>
    /// <exception cref="InvalidOperationException">A script is misnamed, numbering has a gap, or there is none.</exception>
    public static IReadOnlyList<SchemaMigration> Load(string resourcePrefix)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[resourcePrefix.Length..];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{name}' is not named NNNN_description.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migrations must be numbered 1, 2, … without gaps; found '{migrations[i].Name}' at position {i + 1}.");
            }
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException($"No migrations are embedded under '{resourcePrefix}'.");
    }
}
