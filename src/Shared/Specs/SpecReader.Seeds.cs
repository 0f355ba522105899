using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>The <c>seeds</c> section.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] SeedKeys = ["init", "order", "design", "pairs", "sample_seed"];
    private static readonly string[] Designs = ["factorial", "random"];

    private SeedSpec? ReadSeeds(MappingReader doc)
    {
        if (!doc.Has("seeds"))
        {
            doc.Missing("seeds");
            return null;
        }

        var seeds = doc.Section("seeds", SeedKeys);
        if (seeds is null)
        {
            return null;
        }

        var init = ReadSeedList(seeds, "init");
        var order = ReadSeedList(seeds, "order");
        var design = seeds.Choice("design", Designs, "factorial");
        int? pairs = null;
        var sampleSeed = 0;
        if (design == "random")
        {
            sampleSeed = seeds.Integer("sample_seed", NumberRange.AnyInteger, 0);
            if (!seeds.Has("pairs"))
            {
                seeds.Missing("pairs");
            }
            else if (init is not null && order is not null)
            {
                var all = (long)init.Count * order.Count;
                if (all <= MaxTrials)
                {
                    pairs = seeds.Integer("pairs", NumberRange.Between(1, (int)all), 0);
                }
            }
            else
            {
                // The lists are wrong; still check the type so that every problem shows at once.
                seeds.Integer("pairs", NumberRange.PositiveInteger, 0);
            }
        }
        else if (design is not null)
        {
            seeds.Forbid("pairs", "applies only to design: random");
            seeds.Forbid("sample_seed", "applies only to design: random");
        }

        if (init is not null && order is not null && (long)init.Count * order.Count > MaxTrials)
        {
            seeds.Error("order", $"init x order gives {(long)init.Count * order.Count} seed pairs; "
                + $"at most {MaxTrials} are allowed");
            return null;
        }

        return init is null || order is null || design is null || (design == "random" && pairs is null)
            ? null
            : new SeedSpec(init, order, design, pairs, sampleSeed);
    }

    /// <summary>A range <c>a..b</c> (inclusive) or a list of distinct seeds, all >= 0.</summary>
    private List<int>? ReadSeedList(MappingReader seeds, string key)
    {
        var path = seeds.FieldOf(key);
        switch (seeds.Value(key))
        {
            case null:
                seeds.Missing(key);
                return null;
            case YamlScalarNode { Value: { } text } scalar when text.Contains("..", StringComparison.Ordinal):
                return ReadSeedRange(path, YamlScalars.LineOf(scalar), text);
            case YamlSequenceNode { Children.Count: > 0 } list:
                return ReadSeedItems(path, list);
            case var other:
                errors.Add(path, YamlScalars.LineOf(other),
                    $"expected a range 'a..b' or a non-empty list of seeds, got {YamlScalars.Describe(other)}");
                return null;
        }
    }

    private List<int>? ReadSeedRange(string path, int line, string text)
    {
        var dots = text.IndexOf("..", StringComparison.Ordinal);
        var range = NumberRange.NonNegativeInteger;
        if (range.Parse(text[..dots].Trim()) is not { } first || range.Parse(text[(dots + 2)..].Trim()) is not { } last)
        {
            errors.Add(path, line, $"bad range '{text}': expected 'a..b' with integers 0 <= a <= b");
            return null;
        }

        if (first > last)
        {
            errors.Add(path, line, $"bad range '{text}': the start must not exceed the end");
            return null;
        }

        if (last - first + 1 > MaxTrials)
        {
            errors.Add(path, line, $"bad range '{text}': at most {MaxTrials} seeds are allowed");
            return null;
        }

        return [.. Enumerable.Range((int)first, (int)(last - first + 1))];
    }

    private List<int>? ReadSeedItems(string path, YamlSequenceNode list)
    {
        var seeds = new List<int>();
        var firstIndex = new Dictionary<int, int>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemPath = $"{path}[{i}]";
            if (MappingReader.NumberAt(errors, item, itemPath, NumberRange.NonNegativeInteger) is not { } value)
            {
                ok = false;
                continue;
            }

            var seed = (int)value;
            if (firstIndex.TryGetValue(seed, out var first))
            {
                errors.Add(itemPath, YamlScalars.LineOf(item), $"duplicate seed {seed} (also at {path}[{first}])");
                ok = false;
                continue;
            }

            firstIndex[seed] = i;
            seeds.Add(seed);
        }

        return ok ? seeds : null;
    }
}
