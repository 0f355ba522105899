using SweepCluster.Training.Model;

namespace SweepCluster.Training.Optim;

/// <summary>
/// AdamW with the exact semantics of PyTorch 1.13's <c>torch.optim.AdamW</c> (amsgrad off, maximize off):
/// decoupled weight decay <c>p ← p·(1 − lr·λ)</c> first, then the moments, then
/// <c>p ← p − (lr / (1 − β1ᵗ)) · m / (sqrt(v) / sqrt(1 − β2ᵗ) + eps)</c>, with t the one-based update count.
/// Weight decay is applied only to parameters with <see cref="Parameter.Decay"/> set (BERT's two parameter
/// groups). All float32 arithmetic follows PyTorch's operation order (see <see cref="AdamWKernel"/>), so
/// results agree with PyTorch to float32 rounding and are bitwise reproducible here.
/// </summary>
/// <remarks>
/// <para>
/// Every parameter is updated on every step; PyTorch skips parameters whose grad is <c>None</c>, which never
/// happens in our engine (an unused parameter simply has a zero gradient, and its moments still decay).
/// </para>
/// <para>
/// Typical loop: zero grads, forward/backward (accumulating into <see cref="Parameter.Grad"/>), clip with
/// <see cref="GradientClipping.ClipGradNorm"/>, then <see cref="Update(ILearningRateSchedule)"/>. The
/// optimizer does not zero the gradients.
/// </para>
/// <para>
/// Checkpoint state is <see cref="Step"/> plus <see cref="ExportState"/>; the learning rate is not state, as
/// a schedule derives it from <see cref="Step"/>. <see cref="ImportState"/> restores both exactly, so a
/// resumed run continues bitwise identically.
/// </para>
/// </remarks>
public sealed class AdamW
{
    /// <summary>Suffix of first-moment tensors in <see cref="ExportState"/> (PyTorch's state key).</summary>
    public const string ExpAvgSuffix = ".exp_avg";

    /// <summary>Suffix of second-moment tensors in <see cref="ExportState"/> (PyTorch's state key).</summary>
    public const string ExpAvgSqSuffix = ".exp_avg_sq";

    private readonly Parameter[] _parameters;
    private readonly float[][] _expAvg;
    private readonly float[][] _expAvgSq;

    /// <summary>Creates the optimizer with zero moments and <see cref="Step"/> = 0.</summary>
    /// <param name="parameters">Parameters to update; names must be unique. Their order fixes the export order.</param>
    /// <param name="options">Hyper-parameters; null means PyTorch's defaults.</param>
    public AdamW(IEnumerable<Parameter> parameters, AdamWOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options ?? new AdamWOptions();
        Options.Validate();
        _parameters = [.. parameters];
        var names = new HashSet<string>(StringComparer.Ordinal);
        _expAvg = new float[_parameters.Length][];
        _expAvgSq = new float[_parameters.Length][];
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new ArgumentException("Parameter list contains null.", nameof(parameters));
            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"Duplicate parameter name '{p.Name}'.", nameof(parameters));
            }

            _expAvg[i] = new float[p.Data.Length];
            _expAvgSq[i] = new float[p.Data.Length];
        }
    }

    /// <summary>The hyper-parameters in use.</summary>
    public AdamWOptions Options { get; }

    /// <summary>The parameters this optimizer updates, in export order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of updates performed so far (PyTorch's <c>state["step"]</c>); the next update is number Step + 1.</summary>
    public int Step { get; private set; }

    /// <summary>The learning rate of the most recent update (NaN before the first); for logging only.</summary>
    public double LastLearningRate { get; private set; } = double.NaN;

    /// <summary>Performs one update with the rate <paramref name="schedule"/> gives for the current <see cref="Step"/>.</summary>
    /// <returns>The learning rate used.</returns>
    public double Update(ILearningRateSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var lr = schedule.LearningRateAt(Step);
        Update(lr);
        return lr;
    }

    /// <summary>Performs one update with learning rate <paramref name="learningRate"/>. Allocates nothing.</summary>
    public void Update(double learningRate)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Must be finite and >= 0.");
        }

        var step = checked(Step + 1);
        var withDecay = AdamWScalars.For(Options, learningRate, step, decay: true);
        var withoutDecay = AdamWScalars.For(Options, learningRate, step, decay: false);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            AdamWKernel.Apply(p.Data, p.Grad, _expAvg[i], _expAvgSq[i], p.Decay ? withDecay : withoutDecay);
        }

        Step = step;
        LastLearningRate = learningRate;
    }

    /// <summary>
    /// Copies of the moments, in parameter order: for each parameter <c>name.exp_avg</c> then
    /// <c>name.exp_avg_sq</c>, shaped like the parameter. Persist these together with <see cref="Step"/>.
    /// </summary>
    public IReadOnlyList<OptimizerStateTensor> ExportState()
    {
        var result = new List<OptimizerStateTensor>(2 * _parameters.Length);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            result.Add(new OptimizerStateTensor(p.Name + ExpAvgSuffix, [.. p.Shape], [.. _expAvg[i]]));
            result.Add(new OptimizerStateTensor(p.Name + ExpAvgSqSuffix, [.. p.Shape], [.. _expAvgSq[i]]));
        }

        return result;
    }

    /// <summary>
    /// Restores <see cref="Step"/> and the moments saved by <see cref="ExportState"/>. The tensor set must match
    /// exactly (every parameter's two moments, of the right length, and nothing else); otherwise this throws
    /// <see cref="InvalidDataException"/> and leaves the optimizer unchanged.
    /// </summary>
    public void ImportState(int step, IReadOnlyDictionary<string, float[]> tensors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count != 2 * _parameters.Length)
        {
            throw new InvalidDataException(
                $"Optimizer state has {tensors.Count} tensors; expected {2 * _parameters.Length} (exp_avg and exp_avg_sq per parameter).");
        }

        for (var pass = 0; pass < 2; pass++)
        {
            // First pass validates everything, second copies: a bad checkpoint must not leave half-restored state.
            for (var i = 0; i < _parameters.Length; i++)
            {
                var p = _parameters[i];
                var m = Lookup(tensors, p.Name + ExpAvgSuffix, p.Data.Length);
                var v = Lookup(tensors, p.Name + ExpAvgSqSuffix, p.Data.Length);
                if (pass == 1)
                {
                    m.CopyTo(_expAvg[i], 0);
                    v.CopyTo(_expAvgSq[i], 0);
                }
            }
        }

        Step = step;
        LastLearningRate = double.NaN;
    }

    private static float[] Lookup(IReadOnlyDictionary<string, float[]> tensors, string name, int length)
    {
        if (!tensors.TryGetValue(name, out var values) || values is null)
        {
            throw new InvalidDataException($"Optimizer state lacks '{name}'.");
        }

        if (values.Length != length)
        {
            throw new InvalidDataException($"Optimizer state '{name}' has {values.Length} values; expected {length}.");
        }

        return values;
    }
}
