using SweepCluster.TestKit.Conditions;

namespace SweepCluster.Cli.Tests.Cluster;

/// <summary>
/// On a test class or method: its <see cref="ConditionalFactAttribute"/> tests skip, with
/// <see cref="NetnsNetwork.MissingReason"/>, when network namespaces cannot be created here.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
internal sealed class RequiresNetworkNamespacesAttribute : Attribute, ITestCondition
{
    /// <inheritdoc />
    public string? SkipReason => NetnsNetwork.SkipReason;
}
