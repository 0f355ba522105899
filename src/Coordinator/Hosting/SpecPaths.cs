using SweepCluster.Shared.Specs;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>Resolves a spec's relative file paths against the directory of the spec file.</summary>
internal static class SpecPaths
{
    public static ExperimentSpec Resolve(ExperimentSpec spec, string baseDirectory) => spec with
    {
        Task = spec.Task with
        {
            Train = Rooted(spec.Task.Train, baseDirectory),
            Validation = Rooted(spec.Task.Validation, baseDirectory),
        },
        Model = spec.Model with { Pretrained = Rooted(spec.Model.Pretrained, baseDirectory) },
    };

    private static string? Rooted(string? path, string baseDirectory) =>
        path is null || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory, path));
}
