namespace SweepCluster.Shared.Specs;

/// <summary>Fine-tuning hyperparameters. Defaults follow Dodge et al. (2020) where they apply.</summary>
/// <param name="Epochs">Passes over the training data (default 3).</param>
/// <param name="BatchSize">Examples per optimizer step (default 32).</param>
/// <param name="LearningRate">Peak AdamW learning rate (default 2e-5).</param>
/// <param name="WarmupFraction">Share of steps with linear warm-up (default 0.1).</param>
/// <param name="WeightDecay">Decoupled weight decay (default 0.01).</param>
/// <param name="MaxGradNorm">Global-norm clipping threshold; 0 disables (default 1.0).</param>
/// <param name="Dropout">Dropout probability (default 0.1).</param>
/// <param name="EvaluationsPerEpoch">Validation passes per epoch (default 10, as in Dodge et al.).</param>
/// <param name="GradientAccumulation">Micro-batches per optimizer step (default 1).</param>
/// <param name="Threads">Compute threads per trial for the built-in engine (default 1).</param>
public sealed record TrainingSpec(
    int Epochs,
    int BatchSize,
    double LearningRate,
    double WarmupFraction,
    double WeightDecay,
    double MaxGradNorm,
    double Dropout,
    int EvaluationsPerEpoch,
    int GradientAccumulation,
    int Threads);

/// <summary>One axis of the hyperparameter grid: a <see cref="TrainingSpec"/> field and its values.</summary>
/// <param name="Field">Spec name of the field, e.g. <c>learning_rate</c>.</param>
/// <param name="Values">Values in the order given; the grid is their cartesian product.</param>
public sealed record GridAxis(string Field, IReadOnlyList<double> Values);
