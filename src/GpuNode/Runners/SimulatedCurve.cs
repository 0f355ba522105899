using SweepCluster.Shared.Specs;
using SweepCluster.Training.Randomness;

namespace SweepCluster.GpuNode.Runners;

/// <summary>The deterministic learning curve of one simulated trial.</summary>
internal sealed class SimulatedCurve
{
    /// <summary>The majority-class score the curve starts from (a balanced binary task).</summary>
    public const double Baseline = 0.5;

    private readonly int _config;
    private readonly int _init;
    private readonly int _order;
    private readonly double _final;
    private readonly double _noise;

    public SimulatedCurve(int config, int init, int order, SimulatedRunnerSpec spec)
    {
        _config = config;
        _init = init;
        _order = order;
        _noise = spec.Noise;
        var wi = Rng.ForStream("sim-init", ((long)config << 32) ^ (uint)init).NextGaussian();
        var dataOrder = Rng.ForStream("sim-order", ((long)config << 32) ^ (uint)order).NextGaussian();
        _final = 0.85 + (spec.Noise * ((0.7 * wi) + (0.7 * dataOrder)));
        var fate = Rng.ForStream("sim-fate", Pair(config, init, order));
        var u = fate.NextDouble();
        var diverging = u < spec.DivergeShare;

        // Half of the diverging seed pairs blow up (NaN loss); the other half never learn and sit at
        // the majority-class baseline, the two failure modes Dodge et al. report.
        StuckAtBaseline = diverging && fate.NextDouble() < 0.5;
        Diverges = diverging && !StuckAtBaseline;
        Fails = !diverging && u < spec.DivergeShare + spec.FailShare;
        var steps = Math.Max(1, spec.Steps);
        DivergeStep = Math.Max(1, steps / 3);
        FailStep = Math.Max(1, steps / 2);
    }

    /// <summary>The loss becomes NaN at <see cref="DivergeStep"/>.</summary>
    public bool Diverges { get; }

    /// <summary>The score stays at the majority-class <see cref="Baseline"/> and the loss at ln 2.</summary>
    public bool StuckAtBaseline { get; }

    public bool Fails { get; }

    public long DivergeStep { get; }

    public long FailStep { get; }

    /// <summary>Validation score at a step: rises to the final score, with small per-step noise.</summary>
    public double Score(long step, double fraction)
    {
        if (StuckAtBaseline)
        {
            return Baseline;
        }

        var rise = (1 - Math.Exp(-5 * fraction)) / (1 - Math.Exp(-5));
        var jitter = fraction >= 1 ? 0 : _noise * 0.25 * Rng.ForStream("sim-eval", Pair(_config, _init, _order) ^ step).NextGaussian();
        return (Baseline + ((_final - Baseline) * rise)) + jitter;
    }

    /// <summary>Training loss at a step.</summary>
    public double Loss(long step, double fraction) =>
        (StuckAtBaseline ? Math.Log(2) : 0.05 + (0.65 * Math.Exp(-3 * fraction)))
        + (0.01 * Math.Abs(Rng.ForStream("sim-loss", Pair(_config, _init, _order) ^ step).NextGaussian()));

    private static long Pair(int config, int init, int order) => ((long)config * 1_000_003L * 1_000_003L) + ((long)init * 1_000_003L) + order;
}
