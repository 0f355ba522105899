using SweepCluster.GpuNode.Runners.Builtin;
using SweepCluster.Shared.Specs;
using SweepCluster.Training.Metrics;

namespace SweepCluster.GpuNode.Tests.Runners.Builtin;

public sealed class TaskPreparationTests : IDisposable
{
    private static readonly ModelSpec Scratch = new(null, 1, 16, 2, 32, 16, true);
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepcluster-prep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static TaskSpec Task(string kind, string? train, string? validation = null, string? glue = null, string text = "text") =>
        new(kind, glue, train, validation, text, null, "label", 0.25, 3, null);

    [Fact]
    public void Prepare_GlueFolder_TrainsOnTrainTsvAndValidatesOnDevTsvWithTheTaskLabels()
    {
        Write("SST-2/train.tsv", "sentence\tlabel\na fine film \t1\na dull film \t0\nfine \t1\n");
        Write("SST-2/dev.tsv", "sentence\tlabel\ndull \t0\nfine film \t1\ndull dull \t0\n");

        var task = TaskPreparation.Prepare(new PreparedTaskKey(Task("glue", Path.Combine(_dir, "SST-2"), glue: "sst2"), Scratch, MetricKind.Accuracy, 100));

        Assert.Equal((3, 3), (task.Data.Train.Count, task.Data.Validation.Count));
        Assert.Equal(["0", "1"], task.LabelNames);
        Assert.Equal([1, 0, 1], task.Data.TrainLabels!);
        Assert.Equal([0, 1, 0], task.Data.ValidationLabels!);
        Assert.Equal(2.0 / 3, task.Baseline);
    }

    [Fact]
    public void Prepare_CsvWithoutValidationFile_SplitsWithTheSplitSeed()
    {
        var rows = string.Concat(Enumerable.Range(0, 8).Select(i => $"text {i},{(i % 2 == 0 ? "yes" : "no")}\n"));
        var path = Write("data.csv", "text,label\n" + rows);

        var first = TaskPreparation.Prepare(new PreparedTaskKey(Task("csv", path), Scratch, MetricKind.Accuracy, 100));
        var again = TaskPreparation.Prepare(new PreparedTaskKey(Task("csv", path), Scratch, MetricKind.Accuracy, 100));

        // round(0.25 · 8) = 2 held out, one per label; the same seed gives the same split.
        Assert.Equal((6, 2), (first.Data.Train.Count, first.Data.Validation.Count));
        Assert.Equal(["yes", "no"], first.LabelNames);
        Assert.Equal([0, 1], first.Data.ValidationLabels!.Order());
        Assert.Equal(first.Data.Fingerprint, again.Data.Fingerprint);
        Assert.Equal(0.5, first.Baseline);
    }

    [Fact]
    public void Prepare_FromScratch_BuildsTheVocabularyFromTrainingTextsOnly()
    {
        var train = Write("train.csv", "text,label\nalpha alpha,a\nalpha beta,b\n");
        var dev = Write("dev.csv", "text,label\nomega omega,a\nomega,b\n");

        var task = TaskPreparation.Prepare(new PreparedTaskKey(Task("csv", train, dev), Scratch, MetricKind.Accuracy, 100));

        Assert.True(task.Vocabulary.Contains("alpha"));
        Assert.False(task.Vocabulary.Contains("omega"));
        Assert.Equal("built from 2 training examples (limit 100)", task.VocabularySource);
    }

    [Fact]
    public void Prepare_PearsonMetric_RegressionTargetsAndNoBaseline()
    {
        var train = Write("train.csv", "text,label\nlow,0.5\nhigh,4.5\nmid,2.5\n");
        var dev = Write("dev.csv", "text,label\nlow high,2.0\nhigh,4.0\n");

        var task = TaskPreparation.Prepare(new PreparedTaskKey(Task("csv", train, dev), Scratch, MetricKind.Pearson, 100));

        Assert.True(task.Data.IsRegression);
        Assert.Equal([0.5f, 4.5f, 2.5f], task.Data.TrainTargets!);
        Assert.Equal([2.0f, 4.0f], task.Data.ValidationTargets!);
        Assert.Null(task.LabelNames);
        Assert.Null(task.Baseline);
    }

    [Fact]
    public void Prepare_F1OnThreeLabels_IsRefused()
    {
        var path = Write("three.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"}\n{\"text\": \"c\", \"label\": \"z\"}\n{\"text\": \"d\", \"label\": \"x\"}\n");
        var task = new TaskSpec("jsonl", null, path, path, "text", null, "label", 0.1, 0, null);

        var error = Assert.Throws<InvalidDataException>(() => TaskPreparation.Prepare(new PreparedTaskKey(task, Scratch, MetricKind.F1, 100)));

        Assert.Equal("metric f1 is binary, but the task has 3 labels; use accuracy or mcc", error.Message);
    }
}
