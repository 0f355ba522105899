using SweepCluster.Training.Tensors;
using Xunit;

namespace SweepCluster.TestKit;

/// <summary>
/// A <see cref="FactAttribute"/> that skips, with the reason "install libopenblas0-pthread", when no
/// OpenBLAS library is found at run time (xunit 2 has no dynamic skip, so the check runs when the
/// attribute is constructed during discovery).
/// </summary>
public sealed class RequiresOpenBlasFactAttribute : FactAttribute
{
    /// <summary>The skip reason used when OpenBLAS is absent.</summary>
    public const string MissingReason = "OpenBLAS not found: install libopenblas0-pthread";

    /// <summary>Creates the attribute, setting <see cref="FactAttribute.Skip"/> when OpenBLAS is absent.</summary>
    public RequiresOpenBlasFactAttribute()
    {
        if (!Gemm.IsOpenBlasAvailable)
        {
            Skip = MissingReason;
        }
    }
}
