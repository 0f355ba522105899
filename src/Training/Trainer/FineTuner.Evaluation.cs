using SweepCluster.Training.Metrics;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Trainer;

/// <content>Validation passes.</content>
public sealed partial class FineTuner
{
    private readonly List<(Model.EncodedBatch Batch, int Offset)> _validationBatches;
    private float[] _logits = [];

    /// <summary>
    /// The validation metric <paramref name="metric"/> of the current weights (no dropout, no gradients, no
    /// random draws: evaluating never changes what training does next). Classification predicts the arg-max
    /// class (the lowest id on a tie); regression the single output.
    /// </summary>
    public double Evaluate(MetricKind metric)
    {
        var logits = PredictValidation();
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

    /// <summary>Logits of every validation example, row-major [examples, outputs] (valid until the next call).</summary>
    internal float[] PredictValidation()
    {
        var outputs = _model.NumLabels;
        var total = _data.Validation.Count * outputs;
        if (_logits.Length != total)
        {
            _logits = new float[total];
        }

        foreach (var (batch, offset) in _validationBatches)
        {
            _model.Predict(batch, _logits.AsSpan(offset * outputs, batch.BatchSize * outputs));
        }

        return _logits;
    }

    /// <summary>The index of the largest value; the first one on a tie.</summary>
    internal static int ArgMax(ReadOnlySpan<float> values)
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

    private static List<(Model.EncodedBatch, int)> PackValidation(FineTuningData data, int batchSize)
    {
        var batches = new List<(Model.EncodedBatch, int)>();
        var rows = new int[Math.Min(batchSize, data.Validation.Count)];
        for (var start = 0; start < data.Validation.Count; start += batchSize)
        {
            var length = Math.Min(batchSize, data.Validation.Count - start);
            for (var i = 0; i < length; i++)
            {
                rows[i] = start + i;
            }

            var p = EncodedBatch.Pack(data.Validation, rows.AsSpan(0, length), trimToLongest: true);
            batches.Add((new Model.EncodedBatch(p.BatchSize, p.SequenceLength, p.InputIds, p.TokenTypeIds, p.AttentionMask), start));
        }

        return batches;
    }
}
