using System.Numerics.Tensors;
using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Model;

/// <summary>
/// One post-LayerNorm transformer layer as in BERT:
/// <c>h1 = LN(x + drop(W_o·attn(x)))</c>, <c>out = LN(h1 + drop(W_2·gelu(W_1·h1)))</c>.
/// </summary>
internal sealed partial class EncoderLayer
{
    private readonly BertConfig _config;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly float _hiddenDropout;
    private readonly float _attentionDropout;

    public EncoderLayer(BertConfig config, int index)
    {
        _config = config;
        _heads = config.NumAttentionHeads;
        _headSize = config.HiddenSize / config.NumAttentionHeads;
        _hiddenDropout = (float)config.HiddenDropoutProb;
        _attentionDropout = (float)config.AttentionProbsDropoutProb;
        var h = config.HiddenSize;
        var prefix = $"bert.encoder.layer.{index}.";
        Query = new Linear(prefix + "attention.self.query", h, h);
        Key = new Linear(prefix + "attention.self.key", h, h);
        Value = new Linear(prefix + "attention.self.value", h, h);
        AttentionOutput = new Linear(prefix + "attention.output.dense", h, h);
        AttentionNorm = new LayerNormModule(prefix + "attention.output.LayerNorm", h, config.LayerNormEps);
        Intermediate = new Linear(prefix + "intermediate.dense", h, config.IntermediateSize);
        Output = new Linear(prefix + "output.dense", config.IntermediateSize, h);
        OutputNorm = new LayerNormModule(prefix + "output.LayerNorm", h, config.LayerNormEps);
    }

    public Linear Query { get; }

    public Linear Key { get; }

    public Linear Value { get; }

    public Linear AttentionOutput { get; }

    public LayerNormModule AttentionNorm { get; }

    public Linear Intermediate { get; }

    public Linear Output { get; }

    public LayerNormModule OutputNorm { get; }

    /// <summary>In Hugging Face state-dict order.</summary>
    public IEnumerable<Parameter> Parameters =>
    [
        Query.Weight, Query.Bias, Key.Weight, Key.Bias, Value.Weight, Value.Bias,
        AttentionOutput.Weight, AttentionOutput.Bias, AttentionNorm.Gamma, AttentionNorm.Beta,
        Intermediate.Weight, Intermediate.Bias, Output.Weight, Output.Bias, OutputNorm.Gamma, OutputNorm.Beta,
    ];

    /// <summary>
    /// Runs the layer on <paramref name="x"/> [T, H] into <c>a.Output</c>. With an Rng this is a training
    /// pass: dropout is applied and <c>a.Intermediate</c> ends up holding GELU's derivative for
    /// <see cref="Backward"/>; without one it is an evaluation pass.
    /// </summary>
    public void Forward(GemmRunner gemm, BatchShape shape, ReadOnlySpan<float> x, LayerActivations a, Workspace ws, Rng? dropoutRng)
    {
        var t = shape.Tokens;
        Query.Forward(gemm, x, t, a.Q.Span);
        Key.Forward(gemm, x, t, a.K.Span);
        Value.Forward(gemm, x, t, a.V.Span);
        AttentionForward(gemm, shape, a, ws, dropoutRng);

        var sum1 = a.Sum1.Span;
        AttentionOutput.Forward(gemm, a.Context.Span, t, sum1);
        if (dropoutRng is not null)
        {
            Dropout.Forward(sum1, sum1, a.Keep1.Span, _hiddenDropout, dropoutRng);
        }

        TensorPrimitives.Add(sum1, x, sum1);
        AttentionNorm.Forward(sum1, a.H1.Span, t, a.Mean1.Span, a.Rstd1.Span);

        Intermediate.Forward(gemm, a.H1.Span, t, a.Intermediate.Span);
        if (dropoutRng is not null)
        {
            // Training: overwrite the pre-activation with gelu'(pre-activation), all the backward pass needs.
            Gelu.ForwardWithDerivative(a.Intermediate.Span, a.Activated.Span, a.Intermediate.Span);
        }
        else
        {
            Gelu.Forward(a.Intermediate.Span, a.Activated.Span);
        }

        var sum2 = a.Sum2.Span;
        Output.Forward(gemm, a.Activated.Span, t, sum2);
        if (dropoutRng is not null)
        {
            Dropout.Forward(sum2, sum2, a.Keep2.Span, _hiddenDropout, dropoutRng);
        }

        TensorPrimitives.Add(sum2, a.H1.Span, sum2);
        OutputNorm.Forward(sum2, a.Output.Span, t, a.Mean2.Span, a.Rstd2.Span);
    }

    /// <summary>
    /// From the gradient of the layer output <paramref name="dOutput"/> (clobbered), writes the gradient
    /// of the layer input into <paramref name="dInput"/> and adds all parameter gradients.
    /// </summary>
    public void Backward(GemmRunner gemm, BatchShape shape, ReadOnlySpan<float> x, LayerActivations a, Workspace ws, Span<float> dOutput, Span<float> dInput)
    {
        var t = shape.Tokens;
        var dSum = ws.DSum.Span;
        var dH1 = ws.DH1.Span;
        var scratch = ws.NormScratch.Span;

        // out = LN2(h1 + drop(W_2·gelu(W_1·h1 + b_1) + b_2))
        OutputNorm.Backward(a.Sum2.Span, dOutput, dSum, t, a.Mean2.Span, a.Rstd2.Span, scratch);
        dSum.CopyTo(dH1);
        Dropout.Backward(dSum, dSum, a.Keep2.Span, _hiddenDropout);
        var dActivated = ws.DActivated.Span;
        Output.Backward(gemm, a.Activated.Span, dSum, t, dActivated, accumulateDx: false);
        TensorPrimitives.Multiply(dActivated, a.Intermediate.Span, dActivated); // a.Intermediate holds gelu'
        Intermediate.Backward(gemm, a.H1.Span, dActivated, t, dH1, accumulateDx: true);

        // h1 = LN1(x + drop(W_o·context + b_o))
        AttentionNorm.Backward(a.Sum1.Span, dH1, dSum, t, a.Mean1.Span, a.Rstd1.Span, scratch);
        dSum.CopyTo(dInput);
        Dropout.Backward(dSum, dSum, a.Keep1.Span, _hiddenDropout);
        AttentionOutput.Backward(gemm, a.Context.Span, dSum, t, ws.DContext.Span, accumulateDx: false);
        AttentionBackward(gemm, shape, a, ws);

        Query.Backward(gemm, x, ws.DQ.Span, t, dInput, accumulateDx: true);
        Key.Backward(gemm, x, ws.DK.Span, t, dInput, accumulateDx: true);
        Value.Backward(gemm, x, ws.DV.Span, t, dInput, accumulateDx: true);
    }
}
