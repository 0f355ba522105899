using SweepCluster.GpuNode.Agent;
using SweepCluster.GpuNode.Runners.Command;
using SweepCluster.Shared.Specs;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

/// <summary>The shipped examples stay loadable: templates pass the loader, the spec parses and selects the template.</summary>
public sealed class ExampleFilesTests
{
    [Theory]
    [InlineData("pytorch/templates.json", "command:pytorch-example")]
    [InlineData("hf-trainer/templates.json", "command:hf-trainer")]
    public void Load_ExampleTemplates_OneRunnerOfTheDocumentedKind(string file, string kind)
    {
        var runners = CommandRunnerFactory.Load(Path.Combine(RepositoryPaths.Examples, file), new NodeOptions { WorkDirectory = Path.GetTempPath() });

        Assert.Equal([kind], runners.Select(r => r.Kind));
    }

    [Fact]
    public void ParseFile_PyTorchSweepSpec_SelectsTheExampleTemplate()
    {
        var spec = SpecParser.ParseFile(Path.Combine(RepositoryPaths.Examples, "pytorch-sweep.yaml"));

        Assert.Equal(("command", "pytorch-example", "4"), (spec.Runner.Kind, spec.Runner.Template, spec.Runner.Values["checkpoint_every"]));
        Assert.Equal(Path.Combine(RepositoryPaths.Examples, "pytorch", "data", "train.jsonl"), spec.Task.Train);
    }
}
