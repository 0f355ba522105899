using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>The <c>training</c> and <c>grid</c> sections.</summary>
internal sealed partial class SpecReader
{
    private TrainingSpec ReadTraining(MappingReader doc)
    {
        var spec = TrainingFields.Defaults;
        if (doc.Section("training", TrainingFields.Names) is not { } training)
        {
            return spec;
        }

        foreach (var field in TrainingFields.All)
        {
            spec = field.With(spec, training.Number(field.Name, field.Range, field.Get(spec)));
        }

        return spec;
    }

    private IReadOnlyList<GridAxis> ReadGrid(MappingReader doc)
    {
        if (doc.Section("grid", TrainingFields.Names, "training field") is not { } grid)
        {
            return [];
        }

        var axes = new List<GridAxis>();
        foreach (var name in grid.Keys)
        {
            var field = TrainingFields.Find(name)!;
            var path = grid.FieldOf(name);
            if (grid.Value(name) is not YamlSequenceNode { Children.Count: > 0 } list)
            {
                var got = grid.Value(name) is { } node ? YamlScalars.Describe(node) : "null";
                grid.Error(name, $"expected a non-empty list of values, got {got}");
                continue;
            }

            var values = new List<double>();
            var firstIndex = new Dictionary<double, int>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                var item = list.Children[i];
                if (MappingReader.NumberAt(errors, item, $"{path}[{i}]", field.Range) is not { } value)
                {
                    continue;
                }

                if (firstIndex.TryGetValue(value, out var first))
                {
                    errors.Add($"{path}[{i}]", YamlScalars.LineOf(item),
                        $"duplicate value {YamlScalars.Describe(item)} (also at {path}[{first}])");
                    continue;
                }

                firstIndex[value] = i;
                values.Add(value);
            }

            axes.Add(new GridAxis(name, values));
        }

        return axes;
    }
}
