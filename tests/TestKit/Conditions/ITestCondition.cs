namespace SweepCluster.TestKit.Conditions;

/// <summary>
/// Something a test needs from the machine. Put an attribute implementing this on a test class (it
/// then applies to every <see cref="ConditionalFactAttribute"/> test the class runs, inherited ones
/// included) or on a single test method.
/// </summary>
public interface ITestCondition
{
    /// <summary>Null when the condition holds; otherwise why the test is skipped and how to fix it.</summary>
    string? SkipReason { get; }
}
