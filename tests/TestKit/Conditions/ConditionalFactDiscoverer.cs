using Xunit.Abstractions;
using Xunit.Sdk;

namespace SweepCluster.TestKit.Conditions;

/// <summary>Creates <see cref="ConditionalTestCase"/>s for <see cref="ConditionalFactAttribute"/> (named in its attribute, found by reflection).</summary>
public sealed class ConditionalFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ConditionalTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}
