namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Receives what a <see cref="LineSplitter"/> cuts out of a byte stream.</summary>
internal interface ILineSink
{
    /// <summary>A complete line without its terminator (a trailing '\r' is removed too).</summary>
    void Line(ReadOnlySpan<byte> line);

    /// <summary>A line longer than the limit was skipped; <paramref name="bytes"/> is its length.</summary>
    void Oversized(long bytes);
}
