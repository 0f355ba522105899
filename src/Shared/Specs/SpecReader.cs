using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>
/// Turns the YAML document of a spec into an <see cref="ExperimentSpec"/>, one section per
/// partial file, recording every problem in <see cref="SpecErrorList"/> instead of stopping at
/// the first.
/// </summary>
internal sealed partial class SpecReader(SpecErrorList errors)
{
    /// <summary>Upper bound on trials per sweep (configurations × seed pairs), and on |init|·|order|.</summary>
    public const int MaxTrials = 1_000_000;

    private const int MaxNameLength = 64;

    private static readonly string[] RootKeys =
    [
        "name", "task", "model", "training", "grid", "seeds", "stopping", "runner", "metric",
        "max_concurrent_trials", "max_attempts",
    ];

    private static readonly string[] MetricKeys = ["name", "maximize"];
    private static readonly string[] MetricNames = ["accuracy", "f1", "mcc", "pearson", "spearman"];

    /// <summary>Reads the document; null when any error was recorded.</summary>
    public ExperimentSpec? Read(YamlNode root)
    {
        // Missing top-level fields point at line 1, wherever the first key is after comments.
        var doc = MappingReader.Open(errors, root, string.Empty, RootKeys, line: 1);
        if (doc is null)
        {
            return null;
        }

        var name = ReadName(doc);
        var task = ReadTask(doc);
        var model = ReadModel(doc);
        var training = ReadTraining(doc);
        var grid = ReadGrid(doc);
        var seeds = ReadSeeds(doc);
        var stopping = ReadStopping(doc);
        var runner = ReadRunner(doc);
        var metric = ReadMetric(doc);
        var maxConcurrent = doc.Integer("max_concurrent_trials", NumberRange.NonNegativeInteger, 0);
        var maxAttempts = doc.Integer("max_attempts", NumberRange.PositiveInteger, 3);
        if (seeds is not null)
        {
            CheckTrialCount(doc, grid, seeds);
        }

        if (errors.Count > 0 || name is null || task is null || seeds is null || runner is null || metric is null)
        {
            return null;
        }

        return new ExperimentSpec(
            name, task, model, training, grid, seeds, stopping, runner, metric, maxConcurrent, maxAttempts);
    }

    private string? ReadName(MappingReader doc)
    {
        var name = doc.RequiredString("name");
        if (name is null)
        {
            return null;
        }

        // The name becomes the sweep id, part of trial ids ("name/c0-w1-d2") and of file names.
        var valid = name.Length is > 0 and <= MaxNameLength
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            && name.Any(c => c != '.');
        if (!valid)
        {
            doc.Error("name", $"expected 1 to {MaxNameLength} letters, digits, '.', '_' or '-' "
                + $"(not only dots), got '{name}'");
            return null;
        }

        return name;
    }

    private MetricSpec? ReadMetric(MappingReader doc)
    {
        if (!doc.Has("metric"))
        {
            return new MetricSpec("accuracy", true);
        }

        // Shorthand: "metric: f1" (maximized, as every supported metric is).
        if (doc.Value("metric") is YamlScalarNode)
        {
            var shorthand = doc.Choice("metric", MetricNames, null);
            return shorthand is null ? null : new MetricSpec(shorthand, true);
        }

        var metric = doc.Section("metric", MetricKeys);
        if (metric is null)
        {
            return null;
        }

        var name = metric.Choice("name", MetricNames, "accuracy");
        var maximize = metric.Bool("maximize", true);
        return name is null ? null : new MetricSpec(name, maximize);
    }

    private void CheckTrialCount(MappingReader doc, IReadOnlyList<GridAxis> grid, SeedSpec seeds)
    {
        double trials = seeds.Pairs ?? (double)seeds.Init.Count * seeds.Order.Count;
        foreach (var axis in grid)
        {
            trials *= axis.Values.Count;
        }

        if (trials > MaxTrials)
        {
            errors.Add(doc.FieldOf("seeds"), doc.LineOf("seeds"),
                $"the sweep would have {trials.ToString("0", CultureInfo.InvariantCulture)} trials "
                + $"(configurations x seed pairs); at most {MaxTrials} are allowed");
        }
    }
}
