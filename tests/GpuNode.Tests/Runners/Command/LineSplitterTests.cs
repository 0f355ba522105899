using System.Text;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class LineSplitterTests
{
    private sealed class Collect : ILineSink
    {
        public List<string> Items { get; } = [];

        public void Line(ReadOnlySpan<byte> line) => Items.Add(Encoding.Latin1.GetString(line));

        public void Oversized(long bytes) => Items.Add($"<oversized {bytes}>");
    }

    private static List<string> Split(string stream, int max, params int[] chunkSizes)
    {
        var sink = new Collect();
        var splitter = new LineSplitter(max);
        var bytes = Encoding.Latin1.GetBytes(stream);
        var offset = 0;
        var i = 0;
        while (offset < bytes.Length)
        {
            var size = chunkSizes.Length == 0 ? bytes.Length : Math.Min(chunkSizes[i++ % chunkSizes.Length], bytes.Length - offset);
            splitter.Push(bytes.AsSpan(offset, size), sink);
            offset += size;
        }

        splitter.Complete(sink);
        return sink.Items;
    }

    [Fact]
    public void Push_LfAndCrlf_LinesWithoutTerminators()
    {
        Assert.Equal(["a", "", "bc", "d\re", "last"], Split("a\n\r\nbc\r\nd\re\nlast", 16));
    }

    [Fact]
    public void Push_LineOverTheLimit_SkippedOnceAndNeighboursKept()
    {
        Assert.Equal(["12345678", "<oversized 9>", "ok", "<oversized 20>"], Split("12345678\n123456789\nok\n" + new string('x', 20), 8, 3));
    }

    [Fact]
    public void Push_AnyChunking_SameLines()
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append(new string((char)('a' + (i % 26)), random.Next(0, 40))).Append(i % 3 == 0 ? "\r\n" : "\n");
        }

        var whole = Split(text.ToString(), 32);
        for (var size = 1; size < 50; size += 7)
        {
            Assert.Equal(whole, Split(text.ToString(), 32, size, size + 3, 1));
        }

        Assert.Equal(200, whole.Count);
        Assert.Contains(whole, line => line.StartsWith("<oversized ", StringComparison.Ordinal));
    }
}
