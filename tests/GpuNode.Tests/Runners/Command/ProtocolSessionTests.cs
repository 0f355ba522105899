using System.Text;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class ProtocolSessionTests : IDisposable
{
    private readonly CommandHarness _harness = new();
    private readonly RecordingReporter _reporter = new();
    private readonly List<string> _skipped = [];
    private readonly string _trialDirectory;

    public ProtocolSessionTests()
    {
        _trialDirectory = Path.Combine(_harness.WorkDirectory, "s", "c0-w1-d2");
        Directory.CreateDirectory(_trialDirectory);
    }

    public void Dispose() => _harness.Dispose();

    private ProtocolSession Session(double? pauseAt = null) =>
        new(_harness.Context(_reporter, pauseAt: pauseAt), _trialDirectory, _skipped.Add);

    private static void Feed(ILineSink sink, string text, int chunk)
    {
        var splitter = new LineSplitter(ProtocolParser.MaxLineBytes);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            splitter.Push(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)), sink);
        }

        splitter.Complete(sink);
    }

    [Fact]
    public void StdoutSink_MarkerLinesInterleavedWithLogOutput_OnlyMarkedLinesAreMessages()
    {
        var session = Session();
        var stdout = """
            epoch 1 starting
            @@sweep {"type":"metric","step":1,"fraction":0.1,"name":"loss","value":0.5}
            progress 10% @@sweep {"type":"metric","step":2,"fraction":0.2,"name":"loss","value":0.4}
            @@sweep{"type":"metric","step":3,"fraction":0.3,"name":"loss","value":0.3}
            {"type":"metric","step":4,"fraction":0.4,"name":"loss","value":0.2}
            @@sweep {"type":"metric","step":5,"fraction":0.5,"name":"accuracy","value":0.75}
            @@sweep {"type":"metric","step":6,"fraction":
            """.ReplaceLineEndings("\r\n");

        Feed(session.StdoutSink, stdout, 5);

        Assert.Equal([(1L, 0.1, "loss", 0.5), (5L, 0.5, "accuracy", 0.75)], _reporter.Metrics);
        Assert.Equal((0.75, 5L, 1), (session.LastRankingMetric, session.LastStep, session.SkippedLines));
        Assert.StartsWith("stdout: not JSON: ", _skipped.Single());
    }

    [Fact]
    public void PipeSink_GarbageHugeAndBinaryLines_SkippedAndLaterMessagesStillArrive()
    {
        var session = Session();
        var stream = new StringBuilder()
            .Append("not json at all\n")
            .Append('{').Append(new string('x', 70_000)).Append("}\n")
            .Append("\u0001\u0002\u00ff\u0000\n")
            .Append("""{"type":"metric","step":1,"fraction":0.5,"name":"loss","value":NaN}""").Append('\n')
            .Append("""{"type":"progress","step":2,"total":4}""").Append('\n')
            .Append("""{"type":"result","steps":4,"metric":0.5}""");

        Feed(session.PipeSink, stream.ToString(), 4096);

        Assert.Single(_reporter.Metrics);
        Assert.True(double.IsNaN(_reporter.Metrics[0].Value));
        Assert.Equal([(2L, 4L)], _reporter.ProgressReports);
        Assert.Equal(new ResultMessage(4, 0.5), session.Result);
        Assert.Equal(3, session.SkippedLines);
        Assert.Equal("fd: line of 70002 bytes exceeds 65536", _skipped[1]);
    }

    [Fact]
    public void Checkpoint_InsideTrialDirectory_ReportedWithFullPathAndPauseReached()
    {
        var session = Session(pauseAt: 0.5);
        File.WriteAllText(Path.Combine(_trialDirectory, "ck-1"), "x");
        File.WriteAllText(Path.Combine(_trialDirectory, "ck-2"), "x");

        session.Accept("""{"type":"checkpoint","path":"ck-1","step":1,"fraction":0.25}"""u8, "fd");
        Assert.False(session.PauseReached.IsCompleted);
        session.Accept(Encoding.UTF8.GetBytes($$"""{"type":"checkpoint","path":"{{Path.Combine(_trialDirectory, "ck-2")}}","step":2,"fraction":0.5}"""), "fd");

        Assert.True(session.PauseReached.IsCompleted);
        Assert.Equal([(1L, 0.25, Path.Combine(_trialDirectory, "ck-1")), (2L, 0.5, Path.Combine(_trialDirectory, "ck-2"))], _reporter.Checkpoints);
        Assert.Equal(new CheckpointMessage(Path.Combine(_trialDirectory, "ck-2"), 2, 0.5), session.LastCheckpoint);
    }

    [Theory]
    [InlineData("../c0-w9-d9/ck", "checkpoint path is outside the trial directory")]
    [InlineData("../../../../etc/passwd", "checkpoint path is outside the trial directory")]
    [InlineData("/etc/passwd", "checkpoint path is outside the trial directory")]
    [InlineData(".", "checkpoint path is outside the trial directory")]
    [InlineData("missing.pt", "checkpoint path does not exist (report it after writing it)")]
    public void Checkpoint_OutsideOrMissing_SkippedNotReported(string path, string reason)
    {
        var session = Session();
        Directory.CreateDirectory(Path.Combine(_harness.WorkDirectory, "s", "c0-w9-d9"));
        File.WriteAllText(Path.Combine(_harness.WorkDirectory, "s", "c0-w9-d9", "ck"), "x");

        session.Accept(Encoding.UTF8.GetBytes($$"""{"type":"checkpoint","path":"{{path}}","step":1,"fraction":0.5}"""), "fd");

        Assert.Empty(_reporter.Checkpoints);
        Assert.Null(session.LastCheckpoint);
        Assert.StartsWith($"fd: {reason}: ", _skipped.Single());
    }
}
