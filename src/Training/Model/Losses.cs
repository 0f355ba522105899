namespace SweepCluster.Training.Model;

/// <summary>The two heads' losses, averaged over the batch as PyTorch's default reduction does.</summary>
internal static class Losses
{
    /// <summary>
    /// Mean softmax cross-entropy of <paramref name="logits"/> [B, C]; writes
    /// <c>gradScale · ∂loss/∂logits = gradScale · (softmax − onehot) / B</c> into <paramref name="dLogits"/>.
    /// </summary>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> labels, float gradScale, Span<float> dLogits)
    {
        var batch = labels.Length;
        double total = 0;
        for (var b = 0; b < batch; b++)
        {
            var row = logits.Slice(b * classes, classes);
            var label = labels[b];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"Label {label} of example {b} is outside [0, {classes}).");
            }

            double max = row[0];
            for (var c = 1; c < classes; c++)
            {
                max = Math.Max(max, row[c]);
            }

            double sum = 0;
            for (var c = 0; c < classes; c++)
            {
                sum += Math.Exp(row[c] - max);
            }

            var logSumExp = max + Math.Log(sum);
            total += logSumExp - row[label];
            for (var c = 0; c < classes; c++)
            {
                var p = Math.Exp(row[c] - logSumExp);
                dLogits[(b * classes) + c] = (float)((p - (c == label ? 1.0 : 0.0)) * gradScale / batch);
            }
        }

        return (float)(total / batch);
    }

    /// <summary>
    /// Mean squared error of one prediction per example; writes <c>gradScale · 2(p − y) / B</c>.
    /// </summary>
    public static float MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, float gradScale, Span<float> dPredictions)
    {
        var batch = targets.Length;
        double total = 0;
        for (var b = 0; b < batch; b++)
        {
            double diff = predictions[b] - targets[b];
            total += diff * diff;
            dPredictions[b] = (float)(2.0 * diff * gradScale / batch);
        }

        return (float)(total / batch);
    }
}
