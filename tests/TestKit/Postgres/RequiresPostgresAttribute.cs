using SweepCluster.TestKit.Conditions;

namespace SweepCluster.TestKit.Postgres;

/// <summary>
/// On a test class: its <see cref="ConditionalFactAttribute"/> tests skip, with
/// <see cref="PostgresBinaries.MissingReason"/>, when no PostgreSQL server can be started here.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class RequiresPostgresAttribute : Attribute, ITestCondition
{
    /// <inheritdoc />
    public string? SkipReason => PostgresBinaries.SkipReason;
}
