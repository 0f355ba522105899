using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Model;

/// <content>Forward, backward and prediction.</content>
public sealed partial class BertClassifier
{
    /// <summary>
    /// Training step for classification: forward with dropout, mean cross-entropy, backward.
    /// Gradients are ADDED to <see cref="Parameter.Grad"/> (so several calls accumulate), scaled by
    /// <paramref name="lossScale"/> (e.g. 1/accumulationSteps). Returns the unscaled mean loss.
    /// </summary>
    public float ForwardBackward(EncodedBatch batch, ReadOnlySpan<int> labels, Rng dropoutRng, float lossScale = 1f)
    {
        ArgumentNullException.ThrowIfNull(dropoutRng);
        if (IsRegression)
        {
            throw new InvalidOperationException("This is a regression model (one label): call ForwardBackwardRegression.");
        }

        var shape = Prepare(batch, labels.Length, training: true);
        Forward(batch, shape, dropoutRng);
        var loss = Losses.SoftmaxCrossEntropy(_workspace.Logits.Span, NumLabels, labels, lossScale, _workspace.DLogits.Span);
        Backward(batch, shape);
        return loss;
    }

    /// <summary>As <see cref="ForwardBackward"/> for a regression model (one output, mean squared error).</summary>
    public float ForwardBackwardRegression(EncodedBatch batch, ReadOnlySpan<float> targets, Rng dropoutRng, float lossScale = 1f)
    {
        ArgumentNullException.ThrowIfNull(dropoutRng);
        if (!IsRegression)
        {
            throw new InvalidOperationException($"This is a classification model ({NumLabels} labels): call ForwardBackward.");
        }

        var shape = Prepare(batch, targets.Length, training: true);
        Forward(batch, shape, dropoutRng);
        var loss = Losses.MeanSquaredError(_workspace.Logits.Span, targets, lossScale, _workspace.DLogits.Span);
        Backward(batch, shape);
        return loss;
    }

    /// <summary>
    /// Evaluation forward pass (no dropout, no gradients): writes logits [BatchSize, NumLabels]
    /// (for regression, the prediction) into <paramref name="logits"/>.
    /// </summary>
    public void Predict(EncodedBatch batch, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (logits.Length != batch.BatchSize * NumLabels)
        {
            throw new ArgumentException($"Expected {batch.BatchSize}·{NumLabels} logits, got a span of {logits.Length}.", nameof(logits));
        }

        var shape = Prepare(batch, batch.BatchSize, training: false);
        Forward(batch, shape, dropoutRng: null);
        _workspace.Logits.Span.CopyTo(logits);
    }

    /// <summary>The logits of the last forward pass (valid until the next call).</summary>
    internal ReadOnlySpan<float> LastLogits => _workspace.Logits.Span;

    private BatchShape Prepare(EncodedBatch batch, int labelCount, bool training)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Validate(Config);
        if (labelCount != batch.BatchSize)
        {
            throw new ArgumentException($"Got {labelCount} labels for a batch of {batch.BatchSize}.");
        }

        var shape = new BatchShape(batch.BatchSize, batch.SeqLength);
        _workspace.ResizeForward(shape, Config, NumLabels);
        if (training)
        {
            _workspace.ResizeBackward(shape, Config, NumLabels);
        }

        foreach (var a in _activations)
        {
            a.Resize(shape, Config);
        }

        // Hugging Face's extended attention mask: (1 − mask) · finfo(float32).min, added to the scores.
        var additive = _workspace.AdditiveMask.Span;
        for (var i = 0; i < additive.Length; i++)
        {
            additive[i] = batch.AttentionMask[i] == 1 ? 0f : float.MinValue;
        }

        return shape;
    }

    private void Forward(EncodedBatch batch, BatchShape shape, Rng? dropoutRng)
    {
        _embeddings.Forward(batch, _workspace, dropoutRng);
        ReadOnlySpan<float> x = _workspace.EmbeddingOutput.Span;
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i].Forward(_gemm, shape, x, _activations[i], _workspace, dropoutRng);
            x = _activations[i].Output.Span;
        }

        _head.Forward(_gemm, shape, x, _workspace, dropoutRng);
    }

    private void Backward(EncodedBatch batch, BatchShape shape)
    {
        var dOut = _workspace.DHiddenA.Span;
        var dIn = _workspace.DHiddenB.Span;
        _head.Backward(_gemm, shape, _workspace, dOut);
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            ReadOnlySpan<float> x = i == 0 ? _workspace.EmbeddingOutput.Span : _activations[i - 1].Output.Span;
            _layers[i].Backward(_gemm, shape, x, _activations[i], _workspace, dOut, dIn);
            var swap = dOut;
            dOut = dIn;
            dIn = swap;
        }

        _embeddings.Backward(batch, _workspace, dOut);
    }
}
