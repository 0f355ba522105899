using SweepCluster.Training.Model;

namespace SweepCluster.Training.Checkpoints;

/// <summary>Maps checkpoint tensor names onto a <see cref="BertClassifier"/>'s parameters and copies the values.</summary>
internal static class CheckpointNames
{
    /// <summary>Loads <paramref name="weightsPath"/> into <paramref name="model"/>; returns the missing head names and the unused tensors.</summary>
    public static (List<string> NewlyInitialized, List<string> Unused) Assign(BertClassifier model, string weightsPath)
    {
        var unused = new List<string>();
        var unexpected = new List<string>();
        var tensors = SafeTensorsFile.Read(weightsPath, name =>
        {
            if (Resolve(model, name) is not null)
            {
                return true;
            }

            (IsIgnorable(name) ? unused : unexpected).Add(name);
            return false;
        });

        var mismatched = new List<string>();
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            var parameter = Resolve(model, name)!;
            if (!parameter.Shape.AsSpan().SequenceEqual(tensor.Shape))
            {
                mismatched.Add($"{name} is [{string.Join(", ", tensor.Shape)}] in the checkpoint, the model needs [{string.Join(", ", parameter.Shape)}]");
                continue;
            }

            if (!assigned.Add(parameter.Name))
            {
                throw new InvalidDataException($"{weightsPath}: two tensors map to {parameter.Name}.");
            }

            tensor.Data.CopyTo(parameter.Data, 0);
        }

        if (mismatched.Count > 0)
        {
            throw new InvalidDataException($"{weightsPath}: shape mismatch: {string.Join("; ", mismatched)}.");
        }

        if (unexpected.Count > 0)
        {
            throw new InvalidDataException($"{weightsPath}: unexpected tensors (not part of BertForSequenceClassification): {string.Join(", ", unexpected)}.");
        }

        var missing = model.Parameters.Select(p => p.Name).Where(n => !assigned.Contains(n)).ToList();
        var missingBody = missing.Where(n => !n.StartsWith("classifier.", StringComparison.Ordinal)).ToList();
        if (missingBody.Count > 0)
        {
            throw new InvalidDataException($"{weightsPath}: missing tensors: {string.Join(", ", missingBody)}.");
        }

        return (missing, unused);
    }

    // Pre-training heads and non-trainable buffers that transformers also drops when loading a classifier.
    private static bool IsIgnorable(string name) =>
        name.StartsWith("cls.", StringComparison.Ordinal) || name.EndsWith("position_ids", StringComparison.Ordinal);

    private static Parameter? Resolve(BertClassifier model, string name)
    {
        var normalized = name;
        if (normalized.EndsWith(".gamma", StringComparison.Ordinal))
        {
            normalized = normalized[..^".gamma".Length] + ".weight";
        }
        else if (normalized.EndsWith(".beta", StringComparison.Ordinal))
        {
            normalized = normalized[..^".beta".Length] + ".bias";
        }

        return model.FindParameter(normalized)
            ?? (normalized.StartsWith("classifier.", StringComparison.Ordinal) ? null : model.FindParameter("bert." + normalized));
    }
}
