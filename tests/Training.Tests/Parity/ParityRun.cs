using System.Globalization;
using System.Text.Json;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Trainer;
using Xunit.Abstractions;

namespace SweepCluster.Training.Tests.Parity;

/// <summary>
/// One run of <see cref="FineTuner"/> steps and PyTorch's <c>train_steps</c> from the same start: our model,
/// moments and step reports beside torch's tensors (<c>param/</c>, <c>exp_avg/</c>, <c>exp_avg_sq/</c>,
/// <c>grad&lt;k&gt;/</c>) and metadata (<c>lrs</c>, <c>norms</c>, <c>losses</c>).
/// </summary>
internal sealed record ParityRun(
    BertClassifier Model,
    IReadOnlyDictionary<string, float[]> Initial,
    IReadOnlyDictionary<string, float[]> Moments,
    IReadOnlyList<StepReport> Ours,
    IReadOnlyDictionary<string, NamedTensor> Torch,
    IReadOnlyDictionary<string, string> TorchMeta,
    int Steps)
{
    /// <summary>Absolute tolerance on parameters (size ~1, moved by ~1e-3 per step).</summary>
    public const double ParameterTolerance = 1e-5;

    /// <summary>
    /// Learning rates exactly, norms and losses to 1e-5 relative, every parameter to <see cref="ParameterTolerance"/>
    /// (elements whose gradients were rounding noise only bounded, see <see cref="FineTuningStepParityTests"/>), both moments to
    /// 1e-3 relative of their tensor's scale. Writes the worst errors to <paramref name="output"/>.
    /// </summary>
    public void AssertMatches(ITestOutputHelper output)
    {
        var lrs = Meta("lrs");
        var norms = Meta("norms");
        var losses = Meta("losses");
        Assert.Equal(Steps, lrs.Length);
        for (var s = 0; s < Steps; s++)
        {
            Assert.True(Math.Abs(Ours[s].LearningRate - lrs[s]) <= 1e-15 * lrs[s], $"step {s + 1} lr {Ours[s].LearningRate:R} vs torch {lrs[s]:R}");
            Assert.True(Math.Abs(Ours[s].GradientNorm - norms[s]) <= 1e-5 * norms[s], $"step {s + 1} norm {Ours[s].GradientNorm:R} vs torch {norms[s]:R}");
            Assert.True(Math.Abs(Ours[s].Loss - losses[s]) <= 1e-5 * losses[s], $"step {s + 1} loss {Ours[s].Loss:R} vs torch {losses[s]:R}");
        }

        // Adam's step is at most about lr per element (|m̂| ≲ √v̂); twice that covers decay and the bias corrections.
        var maxMove = 2 * Ours.Sum(s => s.LearningRate);
        var (worstAbs, worstAbsName, worstRelMove, undetermined, total) = (0.0, "", 0.0, 0, 0);
        foreach (var p in Model.Parameters)
        {
            var expected = Torch["param/" + p.Name].Data;
            var start = Initial[p.Name];
            var determined = DirectionDetermined(p.Name);
            Assert.Equal(expected.Length, p.Data.Length);
            for (var i = 0; i < expected.Length; i++)
            {
                total++;
                var error = Math.Abs(p.Data[i] - expected[i]);
                if (!determined[i])
                {
                    undetermined++;
                    Assert.True(Math.Abs(p.Data[i] - start[i]) <= maxMove, $"{p.Name}[{i}] moved beyond 2·Σlr");
                    continue;
                }

                Assert.True(error <= ParameterTolerance, $"{p.Name}[{i}]: {p.Data[i]:R} vs torch {expected[i]:R} (start {start[i]:R})");
                if (error > worstAbs)
                {
                    (worstAbs, worstAbsName) = (error, $"{p.Name}[{i}]");
                }

                var torchMove = Math.Abs(expected[i] - start[i]);
                if (torchMove > 0.1 * Ours.Sum(s => s.LearningRate))
                {
                    worstRelMove = Math.Max(worstRelMove, Math.Abs((p.Data[i] - start[i]) - (expected[i] - start[i])) / torchMove);
                }
            }

            CompareMoment(p.Name + AdamW.ExpAvgSuffix, "exp_avg/" + p.Name, 1e-4 * GlobalMax("exp_avg/"));
            CompareMoment(p.Name + AdamW.ExpAvgSqSuffix, "exp_avg_sq/" + p.Name, 1e-8 * GlobalMax("exp_avg_sq/"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Steps} step(s): worst |Δparam| {worstAbs:E2} at {worstAbsName}; worst relative error of a move ≥ 0.1·Σlr {worstRelMove:E2}; {undetermined} of {total} elements with noise-level gradients only bounded"));
        Assert.True(worstRelMove <= 1e-2, $"a move differs from torch's by {worstRelMove:P2} of itself");
        Assert.True(undetermined <= total / 100, $"{undetermined} of {total} elements have noise-level gradients: the comparison would be hollow");
    }

    /// <summary>
    /// Per element of <paramref name="name"/>: whether some step with lr &gt; 0 had a torch gradient clear of
    /// rounding noise — at least 1e-4 of the tensor's scale — or exactly 0 in all of them within a tensor whose gradient is not all noise; the scale being the tensor's largest gradient but
    /// no less than 1e-4 of the model's (as BertParityTests floors it), which leaves the key bias (true
    /// gradient 0) undetermined.
    /// </summary>
    private bool[] DirectionDetermined(string name)
    {
        var length = Torch["param/" + name].Data.Length;
        var determined = new bool[length];
        var zero = Enumerable.Repeat(true, length).ToArray();
        for (var k = 1; k <= Steps; k++)
        {
            if (Ours[k - 1].LearningRate == 0)
            {
                continue;
            }

            var grad = Torch[$"grad{k}/{name}"].Data;
            var global = Model.Parameters.Max(p => Torch[$"grad{k}/{p.Name}"].Data.Max(MathF.Abs));
            var tensorMax = grad.Max(MathF.Abs);
            var noiseTensor = tensorMax < 1e-4 * global;
            var threshold = 1e-4 * Math.Max(tensorMax, 1e-4 * global);
            for (var i = 0; i < grad.Length; i++)
            {
                determined[i] |= Math.Abs(grad[i]) >= threshold;
                zero[i] &= grad[i] == 0 && !noiseTensor;
            }
        }

        // An exact zero in a tensor with real gradients (a word or position no batch used) is structural, not
        // noise: Adam adds exactly 0 and only the decay acts. A zero in a tensor of noise (the key bias) is luck.
        return [.. determined.Select((d, i) => d || zero[i])];
    }

    // As BertParityTests judges gradients: relative to the tensor's own scale, floored at a fraction of the
    // model's largest (the second moment squares gradients, so its floor is the square of theirs), so that
    // a tensor of pure rounding noise (the key bias) is not judged against its noise.
    private void CompareMoment(string ours, string torch, double floor)
    {
        var expected = Torch[torch].Data;
        var actual = Moments[ours];
        var scale = Math.Max(expected.Max(MathF.Abs), floor);
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = 1e-3 * Math.Max(Math.Abs(expected[i]), scale);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"{ours}[{i}]: {actual[i]:R} vs torch {expected[i]:R}");
        }
    }

    private double GlobalMax(string prefix) => Model.Parameters.Max(p => Torch[prefix + p.Name].Data.Max(MathF.Abs));

    private double[] Meta(string key) => JsonSerializer.Deserialize<double[]>(TorchMeta[key])!;
}
