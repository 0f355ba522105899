using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class TemplateTextTests
{
    [Fact]
    public void Parse_LiteralsAndPlaceholders_SegmentsInOrder()
    {
        var text = TemplateText.Parse("--resume={resume_from?}:{values.model-name}x", out var error)!;

        Assert.Null(error);
        Assert.Equal(
            [
                new TemplateSegment("--resume=", null, false),
                new TemplateSegment(null, "resume_from", true),
                new TemplateSegment(":", null, false),
                new TemplateSegment(null, "values.model-name", false),
                new TemplateSegment("x", null, false),
            ],
            text.Segments);
    }

    [Fact]
    public void Parse_DoubledBraces_AreLiteralBraces()
    {
        var text = TemplateText.Parse("{{\"a\": {init_seed}}}", out _)!;

        Assert.Equal(
            [new TemplateSegment("{\"a\": ", null, false), new TemplateSegment(null, "init_seed", false), new TemplateSegment("}", null, false)],
            text.Segments);
    }

    [Theory]
    [InlineData("--x={init_seed", "unclosed '{' at offset 4 (write '{{' for a literal brace)")]
    [InlineData("a}b", "unmatched '}' at offset 1 (write '}}' for a literal brace)")]
    [InlineData("{Init}", "'{Init}' is not a placeholder (names are lower-case words with '_' and at most one '.', e.g. {init_seed} or {values.model})")]
    [InlineData("{a.b.c}", "'{a.b.c}' is not a placeholder (names are lower-case words with '_' and at most one '.', e.g. {init_seed} or {values.model})")]
    [InlineData("{}", "'{}' is not a placeholder (names are lower-case words with '_' and at most one '.', e.g. {init_seed} or {values.model})")]
    [InlineData("{$(id)}", "'{$(id)}' is not a placeholder (names are lower-case words with '_' and at most one '.', e.g. {init_seed} or {values.model})")]
    public void Parse_BadSyntax_NullWithReason(string source, string expected)
    {
        Assert.Null(TemplateText.Parse(source, out var error));
        Assert.Equal(expected, error);
    }
}
