using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <summary>
/// The pooler (<c>tanh(W·h[CLS] + b)</c>, part of pretrained BERT) followed by dropout and the newly
/// created classifier <c>classifier.{weight,bias}</c> — the only weights the WI seed initializes.
/// </summary>
internal sealed class ClassificationHead
{
    private readonly int _hidden;
    private readonly float _dropout;

    public ClassificationHead(BertConfig config, int numLabels)
    {
        _hidden = config.HiddenSize;
        _dropout = (float)config.EffectiveClassifierDropout;
        Pooler = new Linear("bert.pooler.dense", _hidden, _hidden);
        Classifier = new Linear("classifier", _hidden, numLabels);
    }

    public Linear Pooler { get; }

    public Linear Classifier { get; }

    /// <summary>From the last layer's output [T, H], fills <see cref="Workspace.Logits"/>.</summary>
    public void Forward(GemmRunner gemm, BatchShape shape, ReadOnlySpan<float> hidden, Workspace ws, Rng? dropoutRng)
    {
        var cls = ws.Cls.Span;
        for (var b = 0; b < shape.Batch; b++)
        {
            hidden.Slice(b * shape.Seq * _hidden, _hidden).CopyTo(cls.Slice(b * _hidden, _hidden));
        }

        var pooled = ws.Pooled.Span;
        Pooler.Forward(gemm, cls, shape.Batch, pooled);
        Tanh.Forward(pooled, pooled);
        var dropped = ws.PooledDropped.Span;
        if (dropoutRng is not null)
        {
            Dropout.Forward(pooled, dropped, ws.PooledKeep.Span, _dropout, dropoutRng);
        }
        else
        {
            pooled.CopyTo(dropped);
        }

        Classifier.Forward(gemm, dropped, shape.Batch, ws.Logits.Span);
    }

    /// <summary>From ws.DLogits, writes the gradient of the last layer's output into <paramref name="dHidden"/> (zero except [CLS] rows).</summary>
    public void Backward(GemmRunner gemm, BatchShape shape, Workspace ws, Span<float> dHidden)
    {
        var dPooled = ws.DPooled.Span;
        Classifier.Backward(gemm, ws.PooledDropped.Span, ws.DLogits.Span, shape.Batch, dPooled, accumulateDx: false);
        Dropout.Backward(dPooled, dPooled, ws.PooledKeep.Span, _dropout);
        Tanh.Backward(ws.Pooled.Span, dPooled, dPooled);
        var dCls = ws.DCls.Span;
        Pooler.Backward(gemm, ws.Cls.Span, dPooled, shape.Batch, dCls, accumulateDx: false);
        dHidden.Clear();
        for (var b = 0; b < shape.Batch; b++)
        {
            dCls.Slice(b * _hidden, _hidden).CopyTo(dHidden.Slice(b * shape.Seq * _hidden, _hidden));
        }
    }
}
