namespace SweepCluster.Training.Optim;

/// <summary>
/// Hyper-parameters of <see cref="AdamW"/>. Defaults are those of PyTorch's <c>torch.optim.AdamW</c>
/// (betas (0.9, 0.999), eps 1e-8, weight decay 0.01).
/// </summary>
/// <remarks>
/// Google's original BERT optimizer and Hugging Face's deprecated <c>transformers.AdamW</c> use
/// eps = 1e-6; set <see cref="Epsilon"/> to 1e-6 to reproduce their denominators. Note that only the
/// eps value carries over: <c>transformers.AdamW</c> also adds eps before bias correction and decays
/// the weights after the Adam update, which this optimizer deliberately does not do.
/// </remarks>
public sealed class AdamWOptions
{
    /// <summary>Decay rate of the first moment (PyTorch <c>betas[0]</c>). Default 0.9.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay rate of the second moment (PyTorch <c>betas[1]</c>). Default 0.999.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to sqrt(v̂) in the denominator. Default 1e-8 (PyTorch); BERT code often uses 1e-6.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Decoupled weight decay λ: each step multiplies a decayed parameter by (1 − lr·λ). Applied only to
    /// parameters whose <see cref="Model.Parameter.Decay"/> is true. Default 0.01 (PyTorch).
    /// </summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is outside PyTorch's accepted range.</summary>
    public void Validate()
    {
        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must be in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must be in [0, 1).");
        }

        if (!(Epsilon >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be >= 0.");
        }

        if (!(WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be >= 0.");
        }
    }
}
