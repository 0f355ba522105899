namespace SweepCluster.Training.Text.Unicode;

/// <summary>An immutable set of Unicode code points stored as sorted, disjoint inclusive ranges.</summary>
internal sealed class CodePointSet
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    public CodePointSet(IReadOnlyList<(int Start, int End)> ranges)
    {
        _starts = new int[ranges.Count];
        _ends = new int[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            if (ranges[i].End < ranges[i].Start || (i > 0 && ranges[i].Start <= _ends[i - 1]))
            {
                throw new ArgumentException("Code point ranges must be sorted, disjoint and non-empty.", nameof(ranges));
            }

            _starts[i] = ranges[i].Start;
            _ends[i] = ranges[i].End;
        }
    }

    /// <summary>Number of ranges (for diagnostics and tests).</summary>
    public int RangeCount => _starts.Length;

    public bool Contains(int codePoint)
    {
        // Index of the last range starting at or before the code point.
        var i = Array.BinarySearch(_starts, codePoint);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return i >= 0 && codePoint <= _ends[i];
    }
}
