using System.Text.Json;
using System.Text.RegularExpressions;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Parses one protocol line (docs/command-protocol.md). Never throws on input: a line that is not
/// valid UTF-8 JSON, has an unknown type, a wrong field or a value out of range yields null and a
/// short reason, and the caller logs and skips it.
/// </summary>
internal static partial class ProtocolParser
{
    /// <summary>The protocol version this node speaks (<c>SWEEP_PROTOCOL_VERSION</c>; a message may carry it as <c>"v"</c>).</summary>
    public const int Version = 1;

    /// <summary>Longest line accepted, in bytes (64 KiB).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    /// <summary>The message on <paramref name="line"/>, or null and why not.</summary>
    public static ProtocolMessage? Parse(ReadOnlySpan<byte> line, out string? error)
    {
        error = null;
        if (line.Length > MaxLineBytes)
        {
            error = $"line of {line.Length} bytes exceeds {MaxLineBytes}";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray(), Options);
        }
        catch (JsonException first)
        {
            var quoted = NonFiniteJson.Quote(line);
            if (quoted is null)
            {
                error = $"not JSON: {first.Message}";
                return null;
            }

            try
            {
                document = JsonDocument.Parse(quoted, Options);
            }
            catch (JsonException second)
            {
                error = $"not JSON: {second.Message}";
                return null;
            }
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException)
            {
                error = ex.Message;
                return null;
            }
        }
    }

    private static ProtocolMessage Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object");
        }

        if (root.TryGetProperty("v", out var v) && !(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var version) && version == Version))
        {
            throw new FormatException($"unsupported protocol version {v.GetRawText()} (this node speaks {Version})");
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new FormatException("missing \"type\"");
        return type switch
        {
            "metric" => new MetricMessage(Step(root, "step"), Fraction(root), Name(root), Number(root, "value")),
            "progress" => new ProgressMessage(Step(root, "step"), Step(root, "total")),
            "checkpoint" => new CheckpointMessage(PathOf(root), Step(root, "step"), Fraction(root)),
            "result" => new ResultMessage(
                Present(root, "steps") ? Step(root, "steps") : null,
                Present(root, "metric") ? Number(root, "metric") : null),
            _ => throw new FormatException($"unknown message type '{Cut(type)}'"),
        };
    }

    private static bool Present(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null;

    private static long Step(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var step) && step >= 0
            ? step
            : throw new FormatException($"\"{name}\" must be an integer >= 0");

    private static double Fraction(JsonElement root)
    {
        var fraction = Number(root, "fraction");
        return fraction is >= 0 and <= 1 ? fraction : throw new FormatException("\"fraction\" must be a number in [0, 1]");
    }

    private static double Number(JsonElement root, string name)
    {
        if (root.TryGetProperty(name, out var e))
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value) && double.IsFinite(value))
            {
                return value;
            }

            if (e.ValueKind == JsonValueKind.String)
            {
                switch (e.GetString())
                {
                    case "NaN":
                        return double.NaN;
                    case "Infinity":
                        return double.PositiveInfinity;
                    case "-Infinity":
                        return double.NegativeInfinity;
                }
            }
        }

        throw new FormatException($"\"{name}\" must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
    }

    private static string Name(JsonElement root) =>
        root.TryGetProperty("name", out var e) && e.ValueKind == JsonValueKind.String && MetricName().IsMatch(e.GetString()!)
            ? e.GetString()!
            : throw new FormatException("\"name\" must be 1-64 characters from A-Z a-z 0-9 . _ / -");

    private static string PathOf(JsonElement root) =>
        root.TryGetProperty("path", out var e) && e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= 4096 } path
            && !path.Contains('\0', StringComparison.Ordinal)
            ? path
            : throw new FormatException("\"path\" must be a non-empty string of at most 4096 characters");

    private static string Cut(string text) => ValueRules.Printable(text);

    [GeneratedRegex(@"\A[A-Za-z0-9._/-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();
}
