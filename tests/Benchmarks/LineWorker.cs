using System.Diagnostics;
using System.Globalization;

namespace SweepCluster.Benchmarks;

/// <summary>
/// A child process speaking the train-throughput line protocol: it prints <c>ready</c> once warmed up,
/// then answers <c>run K</c> with <c>done seconds shortest-seq</c> and <c>stats</c> with one line.
/// </summary>
internal sealed class LineWorker : IDisposable
{
    private readonly Process _process;

    private LineWorker(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public static LineWorker Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var worker = new LineWorker(name, process);
        worker.Expect("ready");
        return worker;
    }

    /// <summary>Trains <paramref name="steps"/> steps; returns the seconds they took and the shortest padded length seen.</summary>
    public (double Seconds, int ShortestSeq) RunWindow(int steps)
    {
        _process.StandardInput.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {steps}"));
        _process.StandardInput.Flush();
        var words = Expect("done").Split(' ');
        return (double.Parse(words[1], CultureInfo.InvariantCulture), int.Parse(words[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The worker's <c>stats</c> line without its keyword, as key=value pairs.</summary>
    public Dictionary<string, string> Stats()
    {
        _process.StandardInput.WriteLine("stats");
        _process.StandardInput.Flush();
        return Expect("stats").Split(' ').Skip(1).Select(w => w.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine("quit");
            _process.StandardInput.Flush();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }

    private string Expect(string keyword)
    {
        while (_process.StandardOutput.ReadLine() is { } line)
        {
            if (line == keyword || line.StartsWith(keyword + " ", StringComparison.Ordinal))
            {
                return line;
            }

            if (line.StartsWith("error", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Name}: {line}");
            }
        }

        throw new InvalidOperationException($"{Name} exited (code {(_process.WaitForExit(5000) ? _process.ExitCode : -1)}) before answering '{keyword}'.");
    }
}
