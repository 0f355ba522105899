using SweepCluster.Training.Randomness;

namespace SweepCluster.Training.Model;

/// <summary>
/// BERT for sequence classification — embeddings, <see cref="BertConfig.NumHiddenLayers"/> post-LN
/// transformer layers, pooler, dropout and a linear classifier — with a hand-written backward pass.
/// Parameters carry the exact Hugging Face <c>BertForSequenceClassification</c> names and
/// shapes, in state-dict order, so checkpoints load and save by name.
/// </summary>
/// <remarks>
/// <para>
/// <b>Determinism.</b> Same weights, batch, labels, dropout-Rng state and thread count on the same
/// machine give bitwise identical losses, logits and gradients. Dropout draws one
/// <see cref="Rng.NextSingle"/> per element, in this order: embeddings, then per layer the attention
/// probabilities (batch row, head, query, key), the attention output and the FFN output, then the
/// pooled vector; a probability of 0 draws nothing.
/// </para>
/// <para>
/// <b>Memory.</b> Activation buffers grow to the largest (batch, sequence) seen and are reused; one
/// instance is therefore not thread-safe. Labels: <c>numLabels = 1</c> is regression (MSE), more is
/// single-label classification (softmax cross-entropy).
/// </para>
/// </remarks>
public sealed partial class BertClassifier
{
    private readonly GemmRunner _gemm;
    private readonly BertEmbeddings _embeddings;
    private readonly EncoderLayer[] _layers;
    private readonly LayerActivations[] _activations;
    private readonly ClassificationHead _head;
    private readonly Workspace _workspace = new();
    private readonly Dictionary<string, Parameter> _byName;

    /// <summary>Builds a zero-weight model; call <see cref="InitializeAll"/> or load weights.</summary>
    /// <param name="config">Architecture (validated here).</param>
    /// <param name="numLabels">Classifier outputs; 1 means regression.</param>
    /// <param name="threads">Threads for matrix products (1 = calling thread only).</param>
    public BertClassifier(BertConfig config, int numLabels, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(numLabels, 1);
        if (config.ProblemType == "regression" && numLabels != 1)
        {
            throw new ArgumentException($"problem_type regression needs exactly one label, got {numLabels}.", nameof(numLabels));
        }

        Config = config;
        NumLabels = numLabels;
        _gemm = new GemmRunner(threads);
        _embeddings = new BertEmbeddings(config);
        _layers = new EncoderLayer[config.NumHiddenLayers];
        _activations = new LayerActivations[config.NumHiddenLayers];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new EncoderLayer(config, i);
            _activations[i] = new LayerActivations();
        }

        _head = new ClassificationHead(config, numLabels);
        var all = new List<Parameter>(_embeddings.Parameters);
        foreach (var layer in _layers)
        {
            all.AddRange(layer.Parameters);
        }

        all.AddRange([_head.Pooler.Weight, _head.Pooler.Bias, _head.Classifier.Weight, _head.Classifier.Bias]);
        Parameters = all;
        HeadParameters = [_head.Classifier.Weight, _head.Classifier.Bias];
        _byName = all.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>The architecture.</summary>
    public BertConfig Config { get; }

    /// <summary>Classifier outputs (1 = regression).</summary>
    public int NumLabels { get; }

    /// <summary>True when <see cref="NumLabels"/> is 1: the loss is MSE on the single output.</summary>
    public bool IsRegression => NumLabels == 1;

    /// <summary>Threads used for matrix products.</summary>
    public int Threads => _gemm.Threads;

    /// <summary>All trainable parameters, named and ordered as Hugging Face's state dict.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The newly created head, <c>classifier.weight</c> and <c>classifier.bias</c>.</summary>
    public IReadOnlyList<Parameter> HeadParameters { get; }

    /// <summary>The parameter with Hugging Face name <paramref name="name"/>, or null.</summary>
    public Parameter? FindParameter(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// BERT's initialization of every parameter, in <see cref="Parameters"/> order: weights and
    /// embeddings ~ N(0, initializer_range²) (the padding row of the word embeddings then zeroed),
    /// biases 0, LayerNorm scale 1 and shift 0.
    /// </summary>
    public void InitializeAll(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        foreach (var p in Parameters)
        {
            if (p.Name.Contains(".LayerNorm.", StringComparison.Ordinal))
            {
                p.Data.AsSpan().Fill(p.Name.EndsWith(".weight", StringComparison.Ordinal) ? 1f : 0f);
            }
            else
            {
                FillInitial(p, rng);
            }
        }

        var h = Config.HiddenSize;
        _embeddings.Word.Data.AsSpan(Config.PadTokenId * h, h).Clear();
    }

    /// <summary>
    /// Initializes only the classifier head (<see cref="HeadParameters"/>): weight ~ N(0, initializer_range²),
    /// bias 0. Pass the weight-initialization seed's stream, e.g. <c>Rng.ForStream("init", wiSeed)</c>.
    /// </summary>
    public void InitializeHead(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        foreach (var p in HeadParameters)
        {
            FillInitial(p, rng);
        }
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (var p in Parameters)
        {
            Array.Clear(p.Grad);
        }
    }

    private void FillInitial(Parameter p, Rng rng)
    {
        if (p.Name.EndsWith(".bias", StringComparison.Ordinal))
        {
            Array.Clear(p.Data);
            return;
        }

        var std = Config.InitializerRange;
        for (var i = 0; i < p.Data.Length; i++)
        {
            p.Data[i] = (float)(rng.NextGaussian() * std);
        }
    }
}
