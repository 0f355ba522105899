using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>
/// Reads experiment specs (YAML, snake_case keys; see docs/spec.md) into validated
/// <see cref="ExperimentSpec"/>s. Every problem — malformed YAML, unknown keys, wrong types,
/// values out of range, missing required fields — raises one <see cref="SpecException"/> that
/// lists all of them with their field paths and lines.
/// </summary>
public static class SpecParser
{
    private const string DefaultSource = "spec";

    /// <summary>
    /// Parses a spec from text. Relative paths (<c>task.train</c>, <c>task.validation</c>,
    /// <c>model.pretrained</c>) are kept as written.
    /// </summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="sourceName">Name used in error messages (e.g. the file name); <c>spec</c> when null.</param>
    /// <exception cref="SpecException">The text is not a valid spec.</exception>
    public static ExperimentSpec Parse(string yaml, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new SpecErrorList(sourceName ?? DefaultSource);
        var root = LoadSingleDocument(yaml, errors);
        var spec = root is null ? null : new SpecReader(errors).Read(root);
        errors.ThrowIfAny();
        return spec ?? throw new InvalidOperationException("The spec reader returned no spec and no error.");
    }

    /// <summary>
    /// Reads and parses a spec file. Relative data paths (<c>task.train</c>, <c>task.validation</c>,
    /// <c>model.pretrained</c>) are resolved against the file's directory and returned absolute.
    /// Errors name the file by <paramref name="path"/> as given.
    /// </summary>
    /// <exception cref="SpecException">The file cannot be read or is not a valid spec.</exception>
    public static ExperimentSpec ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
            or NotSupportedException)
        {
            throw new SpecException([new SpecError(path, string.Empty, 0, $"cannot read the spec: {e.Message}")]);
        }

        var spec = Parse(text, path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? string.Empty;
        return spec with
        {
            Task = spec.Task with
            {
                Train = Resolve(directory, spec.Task.Train),
                Validation = Resolve(directory, spec.Task.Validation),
            },
            Model = spec.Model with { Pretrained = Resolve(directory, spec.Model.Pretrained) },
        };
    }

    private static string? Resolve(string directory, string? path) =>
        path is null ? null : Path.GetFullPath(Path.Combine(directory, path));

    private static YamlNode? LoadSingleDocument(string yaml, SpecErrorList errors)
    {
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yaml));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            errors.Add(string.Empty, (int)e.Start.Line, $"malformed YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some unclosed flow collections;
            // the parser's last event is the best position we have.
            var line = parser.Current is { } current ? (int)current.Start.Line : 0;
            errors.Add(string.Empty, line, "malformed YAML: could not scan a value here (an unclosed '[' or '{'?)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(string.Empty, 1, "the spec is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            var line = (int)stream.Documents[1].RootNode.Start.Line;
            errors.Add(string.Empty, line, $"expected one YAML document, found {stream.Documents.Count}");
            return null;
        }

        return stream.Documents[0].RootNode;
    }
}
