namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Python's <c>json.dumps</c> writes non-finite floats as the bare tokens <c>NaN</c>, <c>Infinity</c>
/// and <c>-Infinity</c>, which are not JSON. A diverging loss is exactly such a value, so rather than
/// drop the line this rewrites those tokens (outside strings) as JSON strings, which the parser reads
/// back as numbers.
/// </summary>
internal static class NonFiniteJson
{
    /// <summary>The line with bare non-finite tokens quoted, or null when it has none.</summary>
    public static byte[]? Quote(ReadOnlySpan<byte> line)
    {
        List<byte>? output = null;
        var inString = false;
        var escaped = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (inString)
            {
                escaped = !escaped && b == (byte)'\\';
                inString = escaped || b != (byte)'"';
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (TokenAt(line, i) is { Length: > 0 } token && Boundary(line, i - 1) && Boundary(line, i + token.Length))
            {
                output ??= [.. line[..i]];
                output.Add((byte)'"');
                output.AddRange(token);
                output.Add((byte)'"');
                i += token.Length - 1;
                continue;
            }

            output?.Add(b);
        }

        return output?.ToArray();
    }

    private static ReadOnlySpan<byte> TokenAt(ReadOnlySpan<byte> line, int i)
    {
        var rest = line[i..];
        return rest.StartsWith("NaN"u8) ? "NaN"u8
            : rest.StartsWith("Infinity"u8) ? "Infinity"u8
            : rest.StartsWith("-Infinity"u8) ? "-Infinity"u8
            : [];
    }

    private static bool Boundary(ReadOnlySpan<byte> line, int i) =>
        i < 0 || i >= line.Length || line[i] is (byte)' ' or (byte)'\t' or (byte)',' or (byte)':' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}';
}
