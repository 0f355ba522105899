using System.Text.Json;
using System.Text.RegularExpressions;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>Declared values, durations and limits of a template.</summary>
internal sealed partial class CommandTemplateParser
{
    private Dictionary<string, TemplateValue> ReadValues(JsonElement template, string path)
    {
        path += ".values";
        var result = new Dictionary<string, TemplateValue>(StringComparer.Ordinal);
        if (!template.TryGetProperty("values", out var values) || values.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            Error(path, "expected an object of NAME: {\"default\": ..., \"pattern\": ...}");
            return result;
        }

        foreach (var value in values.EnumerateObject())
        {
            var valuePath = $"{path}.{value.Name}";
            if (!ValueName().IsMatch(value.Name))
            {
                Error(valuePath, "a value name has 1-64 characters from A-Z a-z 0-9 _ -");
                continue;
            }

            if (ReadValue(value.Value, valuePath, value.Name) is { } declared)
            {
                result[value.Name] = declared;
            }
        }

        return result;
    }

    private TemplateValue? ReadValue(JsonElement element, string path, string name)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return new TemplateValue(null, null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, "expected an object with optional \"default\" and \"pattern\", or null");
            return null;
        }

        CheckKeys(element, path, ValueKeys);
        Regex? pattern = null;
        if (element.TryGetProperty("pattern", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            try
            {
                pattern = p.ValueKind == JsonValueKind.String
                    ? new Regex($"\\A(?:{p.GetString()})\\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
                    : throw new ArgumentException("expected a string");
            }
            catch (ArgumentException ex)
            {
                Error($"{path}.pattern", $"not a regular expression: {ex.Message}");
                return new TemplateValue(null, null); // declared all the same, so that its uses do not add errors
            }
        }

        string? fallback = null;
        if (element.TryGetProperty("default", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            fallback = d.ValueKind switch
            {
                JsonValueKind.String => d.GetString(),
                JsonValueKind.Number => d.GetRawText(),
                _ => null,
            };
            var problem = fallback is null
                ? "expected a string or a number"
                : ValueRules.Check($"values.{name}", fallback, startsElement: false)
                    ?? (pattern is not null && !pattern.IsMatch(fallback) ? $"'{fallback}' does not match the value's own pattern" : null);
            if (problem is not null)
            {
                Error($"{path}.default", problem);
                return new TemplateValue(null, pattern);
            }
        }

        return new TemplateValue(fallback, pattern);
    }

    private TimeSpan? Seconds(JsonElement template, string path, string key, double? fallback, bool allowZero)
    {
        if (!template.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback is { } f ? TimeSpan.FromSeconds(f) : null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds) || !double.IsFinite(seconds)
            || seconds < 0 || (seconds == 0 && !allowZero) || seconds > 30 * 24 * 3600)
        {
            Error($"{path}.{key}", allowZero ? "expected a number of seconds >= 0" : "expected a number of seconds > 0 (leave it out for no limit)");
            return null;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private long ReadLogLimit(JsonElement template, string path)
    {
        const long Default = 10 * 1024 * 1024;
        if (!template.TryGetProperty("log_limit_bytes", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Default;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var limit) || limit < 4096)
        {
            Error($"{path}.log_limit_bytes", "expected an integer >= 4096");
            return Default;
        }

        return limit;
    }
}
