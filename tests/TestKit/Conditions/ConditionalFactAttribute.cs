using Xunit;
using Xunit.Sdk;

namespace SweepCluster.TestKit.Conditions;

/// <summary>
/// A <see cref="FactAttribute"/> that is skipped when an <see cref="ITestCondition"/> attribute on
/// its method or on the concrete test class is not met. xunit 2 decides skips at discovery from the
/// attribute alone, so a fact declared in an abstract base class (a conformance suite) cannot by
/// itself be skipped for one backend; this attribute's discoverer looks at the class that runs the
/// test, so each backend's subclass states what it needs (e.g. <c>[RequiresPostgres]</c>).
/// </summary>
[XunitTestCaseDiscoverer("SweepCluster.TestKit.Conditions.ConditionalFactDiscoverer", "SweepCluster.TestKit")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConditionalFactAttribute : FactAttribute
{
}
