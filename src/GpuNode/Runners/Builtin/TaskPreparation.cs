using System.Globalization;
using SweepCluster.Shared.Specs;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Data.Synthetic;
using SweepCluster.Training.Metrics;
using SweepCluster.Training.Text;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuNode.Runners.Builtin;

/// <summary>
/// Turns a spec's task and model sections into <see cref="PreparedTask"/>: reads the data, takes the
/// validation file or a seeded split (<see cref="DatasetSplitter"/> with <c>split_seed</c> and
/// <c>validation_fraction</c>), builds or loads the vocabulary, and encodes every example.
/// </summary>
/// <remarks>
/// GLUE: <c>train</c> may be a task folder (its <c>train.tsv</c>, and <c>dev.tsv</c> for validation unless
/// <c>validation</c> names a file) or a single TSV file (then <c>validation</c> or a split). From scratch, the
/// vocabulary is <see cref="Vocabulary.Build"/> over the training texts (both texts of a pair), so it never
/// sees validation data and is the same for every trial.
/// </remarks>
internal static class TaskPreparation
{
    public static PreparedTask Prepare(PreparedTaskKey key)
    {
        var (train, validation, labels) = Read(key.Task);
        var vocabulary = key.Model.Pretrained is { } folder
            ? Vocabulary.Load(Path.Combine(folder, ModelFolder.VocabFileName))
            : Vocabulary.Build(train.SelectMany(e => e.TextPair is null ? new[] { e.Text } : [e.Text, e.TextPair]), key.VocabularySize, key.Model.Uncased);
        var source = key.Model.Pretrained is { } f
            ? Path.Combine(f, ModelFolder.VocabFileName)
            : string.Create(CultureInfo.InvariantCulture, $"built from {train.Count} training examples (limit {key.VocabularySize})");
        var tokenizer = new WordPieceTokenizer(vocabulary, key.Model.Uncased);
        var maxLength = key.Model.MaxLength;
        var trainEncoded = train.Select(e => tokenizer.Encode(e.Text, e.TextPair, maxLength)).ToList();
        var validationEncoded = validation.Select(e => tokenizer.Encode(e.Text, e.TextPair, maxLength)).ToList();

        if (!Metric.IsClassification(key.Metric))
        {
            var data = FineTuningData.Regression(trainEncoded, RegressionTargets.Parse(train), validationEncoded, RegressionTargets.Parse(validation));
            return new PreparedTask(data, vocabulary, source, null, key.Metric, null);
        }

        var labelSet = labels ?? LabelSet.FromTraining(train);
        if (labelSet.Count < 2)
        {
            throw new InvalidDataException($"the training data has a single label ('{labelSet.LabelOf(0)}'); classification needs at least two");
        }

        var validationLabels = labelSet.Encode(validation);
        var classification = FineTuningData.Classification(trainEncoded, labelSet.Encode(train), validationEncoded, validationLabels, labelSet.Count);
        if (key.Metric is MetricKind.F1 && labelSet.Count != 2)
        {
            throw new InvalidDataException($"metric f1 is binary, but the task has {labelSet.Count} labels; use accuracy or mcc");
        }

        var baseline = MajorityBaseline.FromLabels(validationLabels).Score(key.Metric);
        return new PreparedTask(classification, vocabulary, source, labelSet.Labels, key.Metric, baseline);
    }

    private static (IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Validation, LabelSet? Labels) Read(TaskSpec task)
    {
        switch (task.Kind)
        {
            case "synthetic":
            {
                var s = task.Synthetic ?? new SyntheticTaskSpec(2000, 500, 500, 0.05, 0);
                var generated = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(s.TrainExamples, s.ValidationExamples, s.VocabularySize, s.LabelNoise, s.Seed));
                return (generated.Train, generated.Validation, generated.Labels);
            }

            case "glue":
            {
                var glue = GlueTsvReader.ParseTask(task.GlueTask ?? throw new InvalidDataException("task.glue_task is missing"));
                var train = Required(task.Train, "task.train");
                if (Directory.Exists(train))
                {
                    var folder = GlueTsvReader.ReadFolder(train, glue);
                    var dev = task.Validation is { } v ? GlueTsvReader.Read(v, glue) : folder.Validation;
                    return (folder.Train, dev, GlueTsvReader.LabelsOf(glue));
                }

                var (t, val) = WithValidation(GlueTsvReader.Read(train, glue), task, path => GlueTsvReader.Read(path, glue));
                return (t, val, GlueTsvReader.LabelsOf(glue));
            }

            case "jsonl" or "csv":
            {
                var fields = new FieldMapping(task.TextField, task.TextPairField, task.LabelField);
                Func<string, List<TextExample>> read = task.Kind == "jsonl"
                    ? path => JsonlExampleReader.Read(path, fields)
                    : path => CsvExampleReader.Read(path, fields);
                var (t, val) = WithValidation(read(Required(task.Train, "task.train")), task, read);
                return (t, val, null);
            }

            default:
                throw new InvalidDataException($"task kind '{task.Kind}' is not supported by the builtin runner");
        }
    }

    private static (IReadOnlyList<TextExample>, IReadOnlyList<TextExample>) WithValidation(
        List<TextExample> all, TaskSpec task, Func<string, List<TextExample>> read)
    {
        if (task.Validation is { } path)
        {
            return (all, read(path));
        }

        var split = DatasetSplitter.Split(all, task.ValidationFraction, task.SplitSeed);
        return (split.Train, split.Validation);
    }

    private static string Required(string? value, string field) =>
        value ?? throw new InvalidDataException($"{field} is missing");
}
