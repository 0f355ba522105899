using SweepCluster.Training.Text;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Encoded training and validation examples with their labels, ready for <see cref="FineTuner"/>:
/// class ids for classification, float targets for regression. Immutable and shareable between trials
/// (many trials of a sweep fine-tune on the same prepared data).
/// </summary>
public sealed class FineTuningData
{
    private ulong? _fingerprint;

    private FineTuningData(
        IReadOnlyList<EncodedExample> train, IReadOnlyList<EncodedExample> validation, int numLabels,
        int[]? trainLabels, int[]? validationLabels, float[]? trainTargets, float[]? validationTargets)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Need at least one training and one validation example, got {train.Count} and {validation.Count}.");
        }

        Train = train;
        Validation = validation;
        NumLabels = numLabels;
        TrainLabels = trainLabels;
        ValidationLabels = validationLabels;
        TrainTargets = trainTargets;
        ValidationTargets = validationTargets;
    }

    /// <summary>Training examples (all padded to the same length).</summary>
    public IReadOnlyList<EncodedExample> Train { get; }

    /// <summary>Validation examples (all padded to the same length).</summary>
    public IReadOnlyList<EncodedExample> Validation { get; }

    /// <summary>Classifier outputs: the number of classes, or 1 for regression.</summary>
    public int NumLabels { get; }

    /// <summary>True for a regression task (one output, float targets).</summary>
    public bool IsRegression => NumLabels == 1;

    /// <summary>Class ids of <see cref="Train"/> (classification), else null.</summary>
    public int[]? TrainLabels { get; }

    /// <summary>Class ids of <see cref="Validation"/> (classification), else null.</summary>
    public int[]? ValidationLabels { get; }

    /// <summary>Targets of <see cref="Train"/> (regression), else null.</summary>
    public float[]? TrainTargets { get; }

    /// <summary>Targets of <see cref="Validation"/> (regression), else null.</summary>
    public float[]? ValidationTargets { get; }

    /// <summary>Classification data with class ids in [0, <paramref name="numLabels"/>).</summary>
    public static FineTuningData Classification(
        IReadOnlyList<EncodedExample> train, int[] trainLabels, IReadOnlyList<EncodedExample> validation, int[] validationLabels, int numLabels)
    {
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(validationLabels);
        ArgumentOutOfRangeException.ThrowIfLessThan(numLabels, 2);
        var data = new FineTuningData(train, validation, numLabels, trainLabels, validationLabels, null, null);
        CheckLabels(train.Count, trainLabels, numLabels, "training");
        CheckLabels(validation.Count, validationLabels, numLabels, "validation");
        return data;
    }

    /// <summary>Regression data (one output per example).</summary>
    public static FineTuningData Regression(
        IReadOnlyList<EncodedExample> train, float[] trainTargets, IReadOnlyList<EncodedExample> validation, float[] validationTargets)
    {
        ArgumentNullException.ThrowIfNull(trainTargets);
        ArgumentNullException.ThrowIfNull(validationTargets);
        var data = new FineTuningData(train, validation, 1, null, null, trainTargets, validationTargets);
        if (trainTargets.Length != train.Count || validationTargets.Length != validation.Count)
        {
            throw new ArgumentException("Need exactly one target per example.");
        }

        return data;
    }

    /// <summary>
    /// A 64-bit FNV-1a digest of every token id, segment id, mask and label, in order: two data sets with
    /// the same fingerprint train identically. Checkpoints store it so that a resume on other data fails.
    /// </summary>
    public ulong Fingerprint => _fingerprint ??= ComputeFingerprint();

    private ulong ComputeFingerprint()
    {
        var h = 14695981039346656037UL;
        void Add(int value)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                h = (h ^ (byte)(value >> shift)) * 1099511628211UL;
            }
        }

        void AddExamples(IReadOnlyList<EncodedExample> examples)
        {
            Add(examples.Count);
            foreach (var e in examples)
            {
                Add(e.InputIds.Length);
                foreach (var id in e.InputIds)
                {
                    Add(id);
                }

                foreach (var id in e.TokenTypeIds)
                {
                    Add(id);
                }

                foreach (var id in e.AttentionMask)
                {
                    Add(id);
                }
            }
        }

        AddExamples(Train);
        AddExamples(Validation);
        Add(NumLabels);
        foreach (var labels in new[] { TrainLabels, ValidationLabels })
        {
            foreach (var label in labels ?? [])
            {
                Add(label);
            }
        }

        foreach (var targets in new[] { TrainTargets, ValidationTargets })
        {
            foreach (var target in targets ?? [])
            {
                Add(BitConverter.SingleToInt32Bits(target));
            }
        }

        return h;
    }

    private static void CheckLabels(int count, int[] labels, int numLabels, string part)
    {
        if (labels.Length != count)
        {
            throw new ArgumentException($"{count} {part} examples but {labels.Length} labels.");
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)numLabels)
            {
                throw new ArgumentException($"{part} label {labels[i]} at {i} is outside [0, {numLabels}).");
            }
        }
    }
}
