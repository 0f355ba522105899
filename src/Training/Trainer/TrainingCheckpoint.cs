using System.Globalization;
using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// A training checkpoint folder: <c>model.safetensors</c> (weights, Hugging Face names),
/// <c>optimizer.safetensors</c> (AdamW's <c>exp_avg</c>/<c>exp_avg_sq</c> per parameter) and
/// <c>trainer_state.json</c> (<see cref="TrainerState"/>). Written into a temporary sibling folder and
/// renamed into place, so a reader sees either the whole checkpoint or none.
/// </summary>
internal static class TrainingCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string StateFile = "trainer_state.json";
    public const string FolderPrefix = "checkpoint-";

    /// <summary>The folder name for a checkpoint after <paramref name="step"/> updates.</summary>
    public static string FolderName(int step) => FolderPrefix + step.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Writes the checkpoint as <c>root/checkpoint-NNNNNNNN</c>, replacing one already there; returns its path.</summary>
    public static string Write(string root, BertClassifier model, AdamW optimizer, TrainerState state)
    {
        Directory.CreateDirectory(root);
        var final = Path.Combine(root, FolderName(state.OptimizerStep));
        var temporary = Path.Combine(root, $".tmp-{FolderName(state.OptimizerStep)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            SafeTensorsFile.Write(
                Path.Combine(temporary, WeightsFile),
                model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Data)),
                new Dictionary<string, string> { ["format"] = "pt" });
            SafeTensorsFile.Write(
                Path.Combine(temporary, OptimizerFile),
                optimizer.ExportState().Select(t => new NamedTensor(t.Name, t.Shape, t.Data)),
                new Dictionary<string, string> { ["step"] = optimizer.Step.ToString(CultureInfo.InvariantCulture) });
            File.WriteAllText(Path.Combine(temporary, StateFile), JsonSerializer.Serialize(state, TrainerStateJsonContext.Default.TrainerState));
            Replace(temporary, final);
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }

        return final;
    }

    /// <summary>Reads <c>trainer_state.json</c> of a checkpoint folder.</summary>
    /// <exception cref="InvalidDataException">Not a training checkpoint, or a broken one (the message says which file).</exception>
    public static TrainerState ReadState(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{folder} is not a training checkpoint: it has no {StateFile}.");
        }

        TrainerState? state;
        try
        {
            state = JsonSerializer.Deserialize(File.ReadAllText(path), TrainerStateJsonContext.Default.TrainerState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        if (state is null || state.RngStates is null || state.Fingerprint is null)
        {
            throw new InvalidDataException($"{path}: incomplete trainer state.");
        }

        if (state.FormatVersion != TrainerState.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: format_version {state.FormatVersion} is not supported (expected {TrainerState.CurrentFormat}).");
        }

        return state;
    }

    /// <summary>Copies the checkpoint's weights into <paramref name="model"/>; every parameter must be present with its shape.</summary>
    public static void LoadWeights(string folder, BertClassifier model)
    {
        var path = Path.Combine(folder, WeightsFile);
        var tensors = SafeTensorsFile.Read(path);
        if (tensors.Count != model.Parameters.Count)
        {
            throw new InvalidDataException($"{path}: {tensors.Count} tensors, the model has {model.Parameters.Count} parameters.");
        }

        foreach (var p in model.Parameters)
        {
            if (!tensors.TryGetValue(p.Name, out var t) || !t.Shape.AsSpan().SequenceEqual(p.Shape))
            {
                throw new InvalidDataException($"{path}: no tensor {p.Name} of shape [{string.Join(", ", p.Shape)}].");
            }

            t.Data.CopyTo(p.Data, 0);
        }
    }

    /// <summary>Restores the optimizer's moments and step from the checkpoint.</summary>
    public static void LoadOptimizer(string folder, AdamW optimizer, int step)
    {
        var tensors = SafeTensorsFile.Read(Path.Combine(folder, OptimizerFile));
        optimizer.ImportState(step, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.Data, StringComparer.Ordinal));
    }

    /// <summary>
    /// Deletes older checkpoint folders under <paramref name="root"/>: keeps the checkpoint of <paramref name="currentStep"/> and the
    /// <paramref name="keep"/> − 1 latest ones before it; later ones (left by a superseded attempt) go too.
    /// </summary>
    public static void Prune(string root, int currentStep, int keep)
    {
        var others = new List<(int Step, string Path)>();
        foreach (var dir in Directory.EnumerateDirectories(root, FolderPrefix + "*"))
        {
            var name = Path.GetFileName(dir);
            if (int.TryParse(name.AsSpan(FolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step != currentStep)
            {
                others.Add((step, dir));
            }
        }

        var kept = others.Where(o => o.Step < currentStep).OrderByDescending(o => o.Step).Take(keep - 1).Select(o => o.Path).ToHashSet();
        foreach (var (_, dir) in others)
        {
            if (!kept.Contains(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static void Replace(string temporary, string final)
    {
        if (!Directory.Exists(final))
        {
            Directory.Move(temporary, final);
            return;
        }

        // Same step written again (e.g. paused right after resuming): swap, then drop the old copy.
        var old = final + $".old-{Guid.NewGuid():N}";
        Directory.Move(final, old);
        Directory.Move(temporary, final);
        Directory.Delete(old, recursive: true);
    }
}
