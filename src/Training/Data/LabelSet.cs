using System.Globalization;

namespace SweepCluster.Training.Data;

/// <summary>
/// The classes of a classification task and their ids (0…Count−1), in a stable order so that
/// class ids, and with them classifier-head rows and metrics, do not depend on accidents of the data.
/// </summary>
/// <remarks>
/// <see cref="FromTraining"/> orders labels as follows: when every label is a number they are
/// sorted numerically (<c>"0"</c>, <c>"1"</c>, <c>"2"</c>; <c>"-1"</c> before <c>"0"</c>); when every label is a
/// JSON boolean, <c>false</c> comes before <c>true</c>; otherwise labels keep the order in which
/// they first appear in the training file. GLUE tasks use fixed sets instead
/// (<see cref="GlueTsvReader.LabelsOf"/>).
/// </remarks>
public sealed class LabelSet
{
    private readonly string[] _labels;
    private readonly Dictionary<string, int> _ids;

    /// <summary>A label set with exactly this order.</summary>
    /// <exception cref="ArgumentException">A label is repeated, or there is none.</exception>
    public LabelSet(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _labels = [.. labels];
        if (_labels.Length == 0)
        {
            throw new ArgumentException("A label set needs at least one label.", nameof(labels));
        }

        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _labels.Length; i++)
        {
            if (!_ids.TryAdd(_labels[i], i))
            {
                throw new ArgumentException($"Label '{_labels[i]}' is listed twice.", nameof(labels));
            }
        }
    }

    /// <summary>Labels by id.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Number of classes.</summary>
    public int Count => _labels.Length;

    /// <summary>
    /// The label set of a training set, ordered as described on <see cref="LabelSet"/>.
    /// </summary>
    /// <exception cref="DataFormatException">An example has no label (naming its file and line).</exception>
    public static LabelSet FromTraining(IReadOnlyList<TextExample> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var seen = new List<string>();
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < train.Count; i++)
        {
            var label = train[i].Label ?? throw train[i].Error(i, "has no label; training data must be labelled");
            if (distinct.Add(label))
            {
                seen.Add(label);
            }
        }

        if (seen.Count == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(train));
        }

        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var label in seen)
        {
            if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                numbers[label] = value;
            }
        }

        if (numbers.Count == seen.Count)
        {
            return new LabelSet(seen.OrderBy(l => numbers[l]).ThenBy(l => l, StringComparer.Ordinal));
        }

        if (seen.All(l => l is "false" or "true"))
        {
            return new LabelSet(seen.OrderBy(l => l == "true"));
        }

        return new LabelSet(seen);
    }

    /// <summary>The id of a label.</summary>
    /// <exception cref="KeyNotFoundException">Unknown label.</exception>
    public int IdOf(string label) =>
        _ids.TryGetValue(label, out var id) ? id : throw new KeyNotFoundException($"Label '{label}' is not one of {Describe()}.");

    /// <summary>Looks a label up.</summary>
    public bool TryGetId(string label, out int id) => _ids.TryGetValue(label, out id);

    /// <summary>The label of a class id.</summary>
    public string LabelOf(int id) => _labels[id];

    /// <summary>Class ids of labelled examples (e.g. a validation set).</summary>
    /// <exception cref="DataFormatException">
    /// An example has no label, or a label the training set does not have (naming file:line and the label).
    /// </exception>
    public int[] Encode(IReadOnlyList<TextExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var ids = new int[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var label = examples[i].Label ?? throw examples[i].Error(i, "has no label; a validation set must be labelled");
            if (!_ids.TryGetValue(label, out ids[i]))
            {
                throw examples[i].Error(i, $"label '{label}' is not in the training label set ({Describe()})");
            }
        }

        return ids;
    }

    private string Describe() => string.Join(", ", _labels.Select(l => $"'{l}'"));
}
