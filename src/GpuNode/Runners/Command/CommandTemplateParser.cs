using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Reads a command templates file (JSON, comments allowed; see docs/command-runner.md) and checks
/// everything that can be checked before a trial runs: unknown keys, argv shape, placeholder names,
/// value declarations, limits. Every problem is collected and reported at once.
/// </summary>
internal sealed partial class CommandTemplateParser(string source, string baseDirectory)
{
    private static readonly string[] TemplateKeys =
        ["argv", "working_directory", "environment", "timeout_seconds", "stop_grace_seconds", "pause_grace_seconds", "log_limit_bytes", "values"];

    private static readonly string[] ValueKeys = ["default", "pattern"];

    private readonly List<string> _errors = [];

    /// <summary>Parses the file's text; throws <see cref="CommandTemplateException"/> listing every problem.</summary>
    public IReadOnlyList<CommandTemplate> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new CommandTemplateException($"{source}: malformed JSON: {ex.Message}", ex);
        }

        var templates = new List<CommandTemplate>();
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CommandTemplateException($"{source}: expected an object {{\"templates\": {{NAME: {{...}}}}}}");
            }

            CheckKeys(root, "", ["templates"]);
            if (!root.TryGetProperty("templates", out var all) || all.ValueKind != JsonValueKind.Object)
            {
                Error("templates", "expected an object of templates by name");
            }
            else
            {
                foreach (var property in all.EnumerateObject())
                {
                    if (ReadTemplate(property.Name, property.Value) is { } template)
                    {
                        templates.Add(template);
                    }
                }
            }
        }

        return _errors.Count > 0 ? throw new CommandTemplateException(_errors) : templates;
    }

    private CommandTemplate? ReadTemplate(string name, JsonElement element)
    {
        var path = $"templates.{name}";
        var before = _errors.Count;
        if (!TemplateName().IsMatch(name))
        {
            Error(path, "a template name has 1-64 characters from A-Z a-z 0-9 . _ -");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, "expected an object");
            return null;
        }

        CheckKeys(element, path, TemplateKeys);
        var values = ReadValues(element, path);
        var (executable, arguments) = ReadArgv(element, path, values);
        var workingDirectory = element.TryGetProperty("working_directory", out var wd) && wd.ValueKind != JsonValueKind.Null
            ? ReadText(wd, $"{path}.working_directory", values)
            : null;
        var environment = ReadEnvironment(element, path, values);
        var timeout = Seconds(element, path, "timeout_seconds", null, allowZero: false);
        var stopGrace = Seconds(element, path, "stop_grace_seconds", 10, allowZero: true) ?? TimeSpan.Zero;
        var pauseGrace = Seconds(element, path, "pause_grace_seconds", 300, allowZero: true) ?? TimeSpan.Zero;
        var logLimit = ReadLogLimit(element, path);
        return _errors.Count > before || executable is null
            ? null
            : new CommandTemplate(name, executable, arguments, workingDirectory, environment, timeout, stopGrace, pauseGrace, logLimit, values, baseDirectory);
    }

    private (string? Executable, IReadOnlyList<TemplateArgument> Arguments) ReadArgv(
        JsonElement template, string path, IReadOnlyDictionary<string, TemplateValue> values)
    {
        path += ".argv";
        if (!template.TryGetProperty("argv", out var argv) || argv.ValueKind != JsonValueKind.Array || argv.GetArrayLength() == 0)
        {
            Error(path, "required: a non-empty array, the executable first (no shell is involved)");
            return (null, []);
        }

        string? executable = null;
        var arguments = new List<TemplateArgument>();
        var index = 0;
        foreach (var item in argv.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            if (index == 0)
            {
                executable = ReadExecutable(item, itemPath);
            }
            else if (item.ValueKind == JsonValueKind.Array)
            {
                var group = item.EnumerateArray().Select((e, i) => ReadText(e, $"{itemPath}[{i}]", values)).ToList();
                if (group.Count == 0)
                {
                    Error(itemPath, "an argument group needs at least one element");
                }
                else if (group.All(g => g is not null))
                {
                    arguments.Add(new TemplateArgument(group!));
                }
            }
            else if (ReadText(item, itemPath, values) is { } text)
            {
                arguments.Add(new TemplateArgument([text]));
            }

            index++;
        }

        return (executable, arguments);
    }

    private string? ReadExecutable(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } executable)
        {
            Error(path, "the executable must be a non-empty string");
            return null;
        }

        if (executable.Contains('{', StringComparison.Ordinal) || executable.Contains('}', StringComparison.Ordinal) || executable.Contains('\0', StringComparison.Ordinal))
        {
            Error(path, "the executable is fixed by the node: no placeholders or braces");
            return null;
        }

        return executable;
    }

    private TemplateText? ReadText(JsonElement item, string path, IReadOnlyDictionary<string, TemplateValue> values)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            Error(path, $"expected a string, got {item.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }

        var raw = item.GetString()!;
        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            Error(path, "contains a NUL character");
            return null;
        }

        var text = TemplateText.Parse(raw, out var syntax);
        if (text is null)
        {
            Error(path, syntax!);
            return null;
        }

        var ok = true;
        foreach (var placeholder in text.Placeholders)
        {
            if (PlaceholderCatalog.Check(placeholder, values) is { } problem)
            {
                Error(path, problem);
                ok = false;
            }
        }

        return ok ? text : null;
    }

    private IReadOnlyList<KeyValuePair<string, TemplateText>> ReadEnvironment(
        JsonElement template, string path, IReadOnlyDictionary<string, TemplateValue> values)
    {
        path += ".environment";
        var result = new List<KeyValuePair<string, TemplateText>>();
        if (!template.TryGetProperty("environment", out var environment) || environment.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (environment.ValueKind != JsonValueKind.Object)
        {
            Error(path, "expected an object of NAME: value");
            return result;
        }

        foreach (var variable in environment.EnumerateObject())
        {
            var variablePath = $"{path}.{variable.Name}";
            if (!VariableName().IsMatch(variable.Name))
            {
                Error(variablePath, "a variable name has letters, digits and '_' and does not start with a digit");
            }
            else if (variable.Name.StartsWith("SWEEP_", StringComparison.Ordinal) || variable.Name == "CUDA_VISIBLE_DEVICES")
            {
                Error(variablePath, "SWEEP_* and CUDA_VISIBLE_DEVICES are set by the node (use {gpu} or {device} for the slot's GPU)");
            }
            else if (ReadText(variable.Value, variablePath, values) is { } text)
            {
                result.Add(new(variable.Name, text));
            }
        }

        return result;
    }

    private void CheckKeys(JsonElement element, string path, string[] known)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                Error(path.Length == 0 ? property.Name : $"{path}.{property.Name}", $"unknown key (known: {string.Join(", ", known)})");
            }
        }
    }

    private void Error(string path, string message) =>
        _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{source}: {path}: {message}"));

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValueName();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
