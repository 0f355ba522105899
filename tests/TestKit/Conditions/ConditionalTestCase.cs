using Xunit.Abstractions;
using Xunit.Sdk;

namespace SweepCluster.TestKit.Conditions;

/// <summary>
/// A test case whose skip reason comes from the <see cref="ITestCondition"/> attributes of its
/// method and of the concrete class that runs it. The reason is recomputed from those attributes
/// after deserialization, so nothing beyond the base case is serialized.
/// </summary>
public sealed class ConditionalTestCase : XunitTestCase
{
    /// <summary>For the deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConditionalTestCase()
    {
    }

    /// <summary>A test case for <paramref name="testMethod"/> as run by its test class.</summary>
    public ConditionalTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay methodDisplay, TestMethodDisplayOptions methodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, methodDisplay, methodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var declared = base.GetSkipReason(factAttribute);
        if (declared is not null)
        {
            return declared;
        }

        var method = (TestMethod.Method as IReflectionMethodInfo)?.MethodInfo;
        var testClass = (TestMethod.TestClass.Class as IReflectionTypeInfo)?.Type;
        var conditions = (method?.GetCustomAttributes(inherit: true) ?? [])
            .Concat(testClass?.GetCustomAttributes(inherit: true) ?? [])
            .OfType<ITestCondition>();
        // xunit's own contract: null means "run".
        return conditions.Select(c => c.SkipReason).FirstOrDefault(reason => reason is not null)!;
    }
}
