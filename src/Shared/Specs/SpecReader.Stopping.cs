using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>The <c>stopping</c> section: a list of policies with free-form scalar parameters.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] PolicyKinds = ["divergence", "dodge_cohort", "asha", "median"];

    private IReadOnlyList<StoppingPolicySpec> ReadStopping(MappingReader doc)
    {
        if (doc.Value("stopping") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            errors.Add("stopping", YamlScalars.LineOf(node),
                $"expected a list of policies (each '- policy: NAME'), got {YamlScalars.Describe(node)}");
            return [];
        }

        var policies = new List<StoppingPolicySpec>();
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = MappingReader.Open(errors, list.Children[i], $"stopping[{i}]", knownKeys: null);
            if (item is null)
            {
                continue;
            }

            if (!item.Has("policy"))
            {
                item.Missing("policy");
                continue;
            }

            var kind = item.Choice("policy", PolicyKinds, null);
            if (kind is null)
            {
                continue;
            }

            if (firstIndex.TryGetValue(kind, out var first))
            {
                item.Error("policy", $"policy '{kind}' is already configured at stopping[{first}]");
                continue;
            }

            firstIndex[kind] = i;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in item.Keys.Where(k => k != "policy"))
            {
                if (item.Value(key) is YamlScalarNode { Value: { } value })
                {
                    parameters[key] = value;
                }
                else
                {
                    var got = item.Value(key) is { } bad ? YamlScalars.Describe(bad) : "null";
                    item.Error(key, $"expected a number or a word, got {got}");
                }
            }

            policies.Add(new StoppingPolicySpec(kind, parameters, item.Line));
        }

        return policies;
    }
}
