using YamlDotNet.RepresentationModel;

namespace SweepCluster.Shared.Specs;

/// <summary>Helpers over YamlDotNet's representation model: nulls, lines and descriptions.</summary>
internal static class YamlScalars
{
    /// <summary>1-based line where the node starts.</summary>
    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>
    /// True for an explicit or implicit YAML null: an empty plain scalar, <c>~</c>, or
    /// <c>null</c>/<c>Null</c>/<c>NULL</c> (YAML 1.2 core schema). Quoted scalars are never null.
    /// </summary>
    public static bool IsNull(YamlNode node) => node is YamlScalarNode
    {
        Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any,
        Value: null or "" or "~" or "null" or "Null" or "NULL",
    };

    /// <summary>How a value appears in an error message: <c>'fast'</c>, <c>null</c>, <c>a list</c>, <c>a mapping</c>.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "null",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    /// <summary>True or false for the YAML 1.2 core-schema spellings, otherwise null.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };
}
