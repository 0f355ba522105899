using System.Globalization;

namespace SweepCluster.Benchmarks.Cluster;

/// <summary>What every cluster figure is printed with: the machine's load and this process's CPU time.</summary>
internal static class BenchMachine
{
    /// <summary>The 1, 5 and 15 minute load averages as <c>uptime</c> shows them (Linux; "?" elsewhere).</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>CPU time (user + system) this process has used so far.</summary>
    public static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static int Arg(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    public static double Arg(string[] args, int index, double fallback) =>
        args.Length > index ? double.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    public static string Arg(string[] args, int index, string fallback) => args.Length > index ? args[index] : fallback;
}
