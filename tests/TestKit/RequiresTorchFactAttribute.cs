using Xunit;

namespace SweepCluster.TestKit;

/// <summary>
/// A <see cref="FactAttribute"/> that skips, saying what to install, when no Python 3 with PyTorch
/// is available (see <see cref="TorchPython"/>). CI installs Debian's <c>python3-torch</c>, so
/// there the test always runs.
/// </summary>
public sealed class RequiresTorchFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when torch cannot be imported.</summary>
    public RequiresTorchFactAttribute()
    {
        if (TorchPython.Executable is null)
        {
            Skip = "needs python3 with torch: apt-get install python3-torch";
        }
    }
}
