namespace SweepCluster.Training.Optim;

/// <summary>
/// The per-step float32 constants of one AdamW update. PyTorch computes them in double (Python floats) and
/// rounds each to float32 where the tensor op consumes it; this type does the same roundings once per step.
/// </summary>
internal readonly record struct AdamWScalars(
    float DecayFactor,
    float Beta1,
    float OneMinusBeta1,
    float Beta2,
    float OneMinusBeta2,
    float BiasCorrection2Sqrt,
    float Epsilon,
    float NegativeStepSize)
{
    /// <summary>Constants for update number <paramref name="step"/> (one-based, as PyTorch's state["step"] after increment).</summary>
    public static AdamWScalars For(AdamWOptions options, double learningRate, int step, bool decay)
    {
        var biasCorrection1 = 1.0 - Math.Pow(options.Beta1, step);
        var biasCorrection2 = 1.0 - Math.Pow(options.Beta2, step);
        return new AdamWScalars(
            DecayFactor: decay ? (float)(1.0 - (learningRate * options.WeightDecay)) : 1f,
            Beta1: (float)options.Beta1,
            OneMinusBeta1: (float)(1.0 - options.Beta1),
            Beta2: (float)options.Beta2,
            OneMinusBeta2: (float)(1.0 - options.Beta2),
            BiasCorrection2Sqrt: (float)Math.Sqrt(biasCorrection2),
            Epsilon: (float)options.Epsilon,
            NegativeStepSize: (float)(-(learningRate / biasCorrection1)));
    }
}
