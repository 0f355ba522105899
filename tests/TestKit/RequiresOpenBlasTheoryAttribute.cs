using SweepCluster.Training.Tensors;
using Xunit;

namespace SweepCluster.TestKit;

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="RequiresOpenBlasFactAttribute"/>.</summary>
public sealed class RequiresOpenBlasTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute, setting <see cref="FactAttribute.Skip"/> when OpenBLAS is absent.</summary>
    public RequiresOpenBlasTheoryAttribute()
    {
        if (!Gemm.IsOpenBlasAvailable)
        {
            Skip = RequiresOpenBlasFactAttribute.MissingReason;
        }
    }
}
