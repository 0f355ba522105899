using SweepCluster.Training.Metrics;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Evaluates a model on a data set's validation examples: packed once into batches (each trimmed to its
/// longest example), predicted without dropout or gradients. The same model and thread count always give
/// the same numbers, whoever calls it — the trainer at an evaluation, or a test on a saved model.
/// </summary>
public sealed class Validator
{
    private readonly FineTuningData _data;
    private readonly List<(Model.EncodedBatch Batch, int Offset)> _batches = [];
    private float[] _logits = [];

    /// <summary>Packs the validation examples of <paramref name="data"/> into batches of <paramref name="batchSize"/>.</summary>
    public Validator(FineTuningData data, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        var rows = new int[Math.Min(batchSize, data.Validation.Count)];
        for (var start = 0; start < data.Validation.Count; start += batchSize)
        {
            var length = Math.Min(batchSize, data.Validation.Count - start);
            for (var i = 0; i < length; i++)
            {
                rows[i] = start + i;
            }

            var p = Text.EncodedBatch.Pack(data.Validation, rows.AsSpan(0, length), trimToLongest: true);
            _batches.Add((new Model.EncodedBatch(p.BatchSize, p.SequenceLength, p.InputIds, p.TokenTypeIds, p.AttentionMask), start));
        }
    }

    /// <summary>
    /// The validation metric of <paramref name="model"/>. Classification predicts the arg-max class (the lowest
    /// id on a tie); regression the single output. Never draws random numbers.
    /// </summary>
    public double Evaluate(BertClassifier model, MetricKind metric)
    {
        var logits = Predict(model);
        var count = _data.Validation.Count;
        if (_data.IsRegression)
        {
            if (Metric.IsClassification(metric))
            {
                throw new ArgumentException($"'{Metric.Name(metric)}' needs class labels; this is a regression task.", nameof(metric));
            }

            var predictions = new double[count];
            var targets = new double[count];
            for (var i = 0; i < count; i++)
            {
                predictions[i] = logits[i];
                targets[i] = _data.ValidationTargets![i];
            }

            return Metric.Compute(metric, targets, predictions);
        }

        if (!Metric.IsClassification(metric))
        {
            throw new ArgumentException($"'{Metric.Name(metric)}' needs real-valued targets; this is a classification task.", nameof(metric));
        }

        var classes = _data.NumLabels;
        var predicted = new int[count];
        for (var i = 0; i < count; i++)
        {
            predicted[i] = ArgMax(logits.AsSpan(i * classes, classes));
        }

        return Metric.Compute(metric, _data.ValidationLabels!, predicted);
    }

    /// <summary>Outputs for every validation example, row-major [examples, outputs]; the array is reused by the next call.</summary>
    public float[] Predict(BertClassifier model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.NumLabels != _data.NumLabels)
        {
            throw new ArgumentException($"The model has {model.NumLabels} outputs but the data {_data.NumLabels} labels.", nameof(model));
        }

        var outputs = model.NumLabels;
        var total = _data.Validation.Count * outputs;
        if (_logits.Length != total)
        {
            _logits = new float[total];
        }

        foreach (var (batch, offset) in _batches)
        {
            model.Predict(batch, _logits.AsSpan(offset * outputs, batch.BatchSize * outputs));
        }

        return _logits;
    }

    /// <summary>The index of the largest value; the first one on a tie.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var c = 1; c < values.Length; c++)
        {
            if (values[c] > values[best])
            {
                best = c;
            }
        }

        return best;
    }
}
