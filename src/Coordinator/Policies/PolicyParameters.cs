using System.Globalization;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Coordinator.Policies;

/// <summary>
/// Reads the scalar parameters of one <c>stopping</c> entry, collecting every problem as a
/// <see cref="SpecError"/> on <c>stopping[i].param</c> at the entry's line. Values read from a
/// parameter with an error come back as the default (or 0), so that reading can go on and the user
/// sees every problem at once.
/// </summary>
internal sealed class PolicyParameters
{
    private readonly string _source;
    private readonly int _index;
    private readonly StoppingPolicySpec _spec;
    private readonly List<SpecError> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public PolicyParameters(string source, int index, StoppingPolicySpec spec, List<SpecError> errors)
    {
        _source = source;
        _index = index;
        _spec = spec;
        _errors = errors;
    }

    public bool Has(string name)
    {
        _known.Add(name);
        return _spec.Parameters.ContainsKey(name);
    }

    /// <summary>A real number satisfying <paramref name="valid"/> (described by <paramref name="constraint"/>).</summary>
    public double Number(string name, double fallback, Func<double, bool> valid, string constraint) =>
        OptionalNumber(name, valid, constraint) ?? fallback;

    public double? OptionalNumber(string name, Func<double, bool> valid, string constraint)
    {
        if (!Has(name))
        {
            return null;
        }

        var text = _spec.Parameters[name];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value))
        {
            return value;
        }

        Error(name, $"expected {constraint}, got '{text}'");
        return null;
    }

    /// <summary>An integer of at least <paramref name="min"/>.</summary>
    public int Integer(string name, int fallback, int min) => OptionalInteger(name, min) ?? fallback;

    public int? OptionalInteger(string name, int min)
    {
        if (!Has(name))
        {
            return null;
        }

        var text = _spec.Parameters[name];
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        Error(name, string.Create(CultureInfo.InvariantCulture, $"expected an integer >= {min}, got '{text}'"));
        return null;
    }

    /// <summary>A non-empty word (metric names).</summary>
    public string Word(string name, string fallback)
    {
        if (!Has(name))
        {
            return fallback;
        }

        var text = _spec.Parameters[name].Trim();
        if (text.Length > 0)
        {
            return text;
        }

        Error(name, "expected a non-empty name");
        return fallback;
    }

    /// <summary>Reports a required parameter that is absent.</summary>
    public void Missing(string name) =>
        _errors.Add(new SpecError(_source, Field(name), _spec.Line, $"policy '{_spec.Kind}' needs '{name}'"));

    public void Error(string name, string message) => _errors.Add(new SpecError(_source, Field(name), _spec.Line, message));

    /// <summary>Reports every given parameter that no reader asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _spec.Parameters.Keys.Where(k => !_known.Contains(k)).Order(StringComparer.Ordinal))
        {
            Error(name, $"unknown parameter for policy '{_spec.Kind}' (known: {string.Join(", ", _known.Order(StringComparer.Ordinal))})");
        }
    }

    private string Field(string name) => string.Create(CultureInfo.InvariantCulture, $"stopping[{_index}].{name}");
}
