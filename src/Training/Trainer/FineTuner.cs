using System.Security.Cryptography;
using System.Text;
using SweepCluster.Training.Data;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Fine-tunes a <see cref="BertClassifier"/> on prepared data, one optimizer step at a time: AdamW with
/// linear warm-up and decay, global-norm clipping, gradient accumulation, dropout from its own stream,
/// and N validation passes per epoch. Between steps it can stop, or pause by writing a training checkpoint
/// from which <see cref="Resume"/> continues <b>bit for bit</b> as if never interrupted (same losses,
/// metrics and final weights, for the same thread count on the same machine).
/// </summary>
/// <remarks>
/// <para><b>Seeds.</b> See <see cref="TrainingSeeds"/>: the WI seed draws the head (or everything, from
/// scratch), the DO seed orders each epoch, dropout has its own stream derived from both.</para>
/// <para><b>Loss reporting.</b> <see cref="ITrainingObserver.OnStep"/> receives every step's loss; each
/// <see cref="EvaluationReport"/> also carries the mean step loss since the previous evaluation.</para>
/// <para>Not thread-safe: one run at a time per instance (and per model).</para>
/// </remarks>
public sealed partial class FineTuner
{
    private readonly BertClassifier _model;
    private readonly FineTuningData _data;
    private readonly FineTuningOptions _options;
    private readonly TrainingPlan _plan;
    private readonly DataOrder _order;
    private readonly AdamW _optimizer;
    private readonly LinearWarmupSchedule _schedule;
    private readonly string _fingerprint;
    private readonly Validator _validator;
    private Rng _dropout;
    private ulong[] _initState = [];
    private int _evaluations;
    private double _intervalLossSum;
    private int _intervalSteps;
    private double? _lastMetric;

    private FineTuner(BertClassifier model, FineTuningData data, FineTuningOptions options, TrainingSeeds seeds)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seeds);
        options.Validate();
        if (model.NumLabels != data.NumLabels)
        {
            throw new ArgumentException($"The model has {model.NumLabels} outputs but the data {data.NumLabels} labels.", nameof(model));
        }

        _model = model;
        _data = data;
        _options = options;
        Seeds = seeds;
        _plan = new TrainingPlan(data.Train.Count, options);
        _order = seeds.CreateDataOrder(data.Train.Count);
        _optimizer = new AdamW(model.Parameters, new AdamWOptions { WeightDecay = options.WeightDecay });
        _schedule = new LinearWarmupSchedule(options.LearningRate, _plan.WarmupSteps, _plan.TotalSteps);
        _dropout = seeds.CreateDropoutRng();
        _fingerprint = Fingerprint(model, data, options, seeds);
        _validator = new Validator(data, options.EvaluationBatchSize);
    }

    /// <summary>The seeds of this run.</summary>
    public TrainingSeeds Seeds { get; }

    /// <summary>The model being trained (its weights change as training goes on).</summary>
    public BertClassifier Model => _model;

    /// <summary>Optimizer steps done so far.</summary>
    public int Step => _optimizer.Step;

    /// <summary>Optimizer steps of the whole run: epochs × ⌈train examples / batch size⌉.</summary>
    public int TotalSteps => _plan.TotalSteps;

    /// <summary>Optimizer steps per epoch.</summary>
    public int StepsPerEpoch => _plan.StepsPerEpoch;

    /// <summary>Warm-up steps: ⌈warmup fraction × total steps⌉.</summary>
    public int WarmupSteps => _plan.WarmupSteps;

    /// <summary>Whether training has reached its last step.</summary>
    public bool IsComplete => Step >= TotalSteps;

    /// <summary>The validation metric <paramref name="metric"/> of the current weights (see <see cref="Validator.Evaluate"/>).</summary>
    public double Evaluate(Metrics.MetricKind metric) => _validator.Evaluate(_model, metric);

    /// <summary>Test hook: the optimizer (its moments are compared with PyTorch's).</summary>
    internal AdamW Optimizer => _optimizer;

    /// <summary>Test hook: called with the example indices of every optimizer batch, in training order.</summary>
    internal Action<int, int[]>? BatchVisited { get; set; }

    /// <summary>
    /// Starts a run at step 0. With <see cref="WeightInitialization.Head"/> only the classifier head is drawn
    /// from the WI stream (the rest of <paramref name="model"/> keeps its pretrained weights); with
    /// <see cref="WeightInitialization.All"/> every parameter is.
    /// </summary>
    public static FineTuner StartFresh(
        BertClassifier model, FineTuningData data, FineTuningOptions options, TrainingSeeds seeds, WeightInitialization initialization)
    {
        var tuner = new FineTuner(model, data, options, seeds);
        var init = seeds.CreateInitRng();
        if (initialization == WeightInitialization.All)
        {
            model.InitializeAll(init);
        }
        else
        {
            model.InitializeHead(init);
        }

        model.ZeroGradients();
        tuner._initState = init.GetState();
        return tuner;
    }

    /// <summary>
    /// Continues a run from a training checkpoint folder written by <see cref="Run"/>: loads weights,
    /// optimizer moments, position, loss accumulator and random states into <paramref name="model"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// Not a checkpoint, a damaged one, or one of a run with other options, model, seeds or data.
    /// </exception>
    public static FineTuner Resume(BertClassifier model, FineTuningData data, FineTuningOptions options, TrainingSeeds seeds, string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var tuner = new FineTuner(model, data, options, seeds);
        tuner.Restore(checkpoint);
        return tuner;
    }

    private static string Fingerprint(BertClassifier model, FineTuningData data, FineTuningOptions options, TrainingSeeds seeds)
    {
        var text = new StringBuilder()
            .Append("trainer-format=").Append(TrainerState.CurrentFormat).Append('\n')
            .Append(options.Canonical())
            .Append("num_labels=").Append(model.NumLabels).Append('\n')
            .Append("init_seed=").Append(seeds.InitSeed).Append('\n')
            .Append("order_seed=").Append(seeds.OrderSeed).Append('\n')
            .Append("data=").Append(data.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append(model.Config.ToJson())
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
