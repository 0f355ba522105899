using System.Globalization;
using System.Text;

namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>
/// Renders a <see cref="CommandTemplate"/> for one launch. Each placeholder's value lands inside
/// the one argv element (or environment value) that holds it; values from the spec are checked by
/// <see cref="ValueRules"/> and the template's own patterns first. Nothing is ever split or given to
/// a shell.
/// </summary>
internal static class TemplateRenderer
{
    /// <summary>Thread-count variables set to the slot's thread count so parallel trials do not oversubscribe cores.</summary>
    public static readonly string[] ThreadVariables = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"];

    /// <summary>Renders the template; returns null and the reason when a value is missing or refused.</summary>
    public static LaunchPlan? Render(CommandTemplate template, PlaceholderSource source, out string? error)
    {
        var specValues = source.Context.Spec.Runner.Values;
        error = CheckSpecValues(template, specValues);
        if (error is not null)
        {
            return null;
        }

        string? Lookup(string name)
        {
            if (!name.StartsWith("values.", StringComparison.Ordinal))
            {
                return PlaceholderCatalog.Value(name, source);
            }

            var key = name["values.".Length..];
            return specValues.TryGetValue(key, out var given) ? given : template.Values[key].Default;
        }

        var arguments = new List<string>();
        foreach (var argument in template.Arguments)
        {
            var rendered = new List<string>();
            foreach (var element in argument.Elements)
            {
                var result = RenderText(element, Lookup, out error);
                if (error is not null)
                {
                    return null;
                }

                if (result is null)
                {
                    rendered = null;
                    break;
                }

                rendered.Add(result);
            }

            arguments.AddRange(rendered ?? []);
        }

        var directory = template.BaseDirectory;
        var workingDirectory = source.TrialDirectory;
        if (template.WorkingDirectory is { } wd && RenderText(wd, Lookup, out error) is { } dir)
        {
            workingDirectory = Path.GetFullPath(Path.Combine(directory, dir));
        }

        if (error is not null)
        {
            return null;
        }

        var environment = BaseEnvironment(source);
        foreach (var (name, text) in template.Environment)
        {
            environment[name] = RenderText(text, Lookup, out error);
            if (error is not null)
            {
                return null;
            }
        }

        AddProtocolEnvironment(environment, source);
        return new LaunchPlan(template.Executable, arguments, workingDirectory, environment);
    }

    private static string? CheckSpecValues(CommandTemplate template, IReadOnlyDictionary<string, string> specValues)
    {
        foreach (var (key, value) in specValues.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!template.Values.TryGetValue(key, out var declared))
            {
                var known = template.Values.Count == 0 ? "none" : string.Join(", ", template.Values.Keys.Order(StringComparer.Ordinal));
                return $"runner.values.{key}: template '{template.Name}' takes no value '{key}' (it takes: {known})";
            }

            if (ValueRules.Check($"values.{key}", value, startsElement: false) is { } problem)
            {
                return $"runner.values.{key}: {problem}";
            }

            if (declared.Pattern is { } pattern && !pattern.IsMatch(value))
            {
                return $"runner.values.{key}: '{ValueRules.Printable(value)}' does not match the pattern template '{template.Name}' sets for it";
            }
        }

        return null;
    }

    /// <summary>The text with its placeholders filled; null (and no error) when an optional placeholder has no value.</summary>
    private static string? RenderText(TemplateText text, Func<string, string?> lookup, out string? error)
    {
        error = null;
        var builder = new StringBuilder();
        foreach (var segment in text.Segments)
        {
            if (segment.Literal is { } literal)
            {
                builder.Append(literal);
                continue;
            }

            var name = segment.Placeholder!;
            var value = lookup(name);
            if (value is null)
            {
                if (segment.Optional)
                {
                    return null;
                }

                error = name.StartsWith("values.", StringComparison.Ordinal)
                    ? $"{{{name}}} has no value: set runner.values.{name["values.".Length..]} in the spec"
                    : $"{{{name}}} has no value for this trial (write {{{name}?}} in the template to drop the element instead)";
                return null;
            }

            if (PlaceholderCatalog.IsFromSpec(name) && ValueRules.Check(name, value, startsElement: builder.Length == 0) is { } problem)
            {
                error = problem;
                return null;
            }

            builder.Append(value);
        }

        return builder.ToString();
    }

    private static Dictionary<string, string?> BaseEnvironment(PlaceholderSource source)
    {
        var threads = source.Context.Threads.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // An empty list hides every GPU: a CPU slot must not grab one by accident.
            ["CUDA_VISIBLE_DEVICES"] = source.Gpu ?? "",
        };
        foreach (var variable in ThreadVariables)
        {
            environment[variable] = threads;
        }

        return environment;
    }

    private static void AddProtocolEnvironment(Dictionary<string, string?> environment, PlaceholderSource source)
    {
        var context = source.Context;
        environment["SWEEP_PROTOCOL_VERSION"] = ProtocolParser.Version.ToString(CultureInfo.InvariantCulture);
        environment["SWEEP_TRIAL_ID"] = context.Key.TrialId;
        environment["SWEEP_TRIAL_DIR"] = source.TrialDirectory;
        environment["SWEEP_INIT_SEED"] = PlaceholderCatalog.Value("init_seed", source);
        environment["SWEEP_ORDER_SEED"] = PlaceholderCatalog.Value("order_seed", source);
        environment["SWEEP_CONFIG_INDEX"] = PlaceholderCatalog.Value("config_index", source);
        environment["SWEEP_ATTEMPT"] = PlaceholderCatalog.Value("attempt", source);
        environment["SWEEP_DEVICE"] = PlaceholderCatalog.Value("device", source);
        environment["SWEEP_THREADS"] = PlaceholderCatalog.Value("threads", source);
        environment["SWEEP_RESUME_FROM"] = source.ResumeFrom;
        environment["SWEEP_PAUSE_AT_FRACTION"] = PlaceholderCatalog.Value("fraction_pause", source);
        environment["SWEEP_PROTOCOL_FD"] = null; // set by the launcher when the pipe exists
    }
}
