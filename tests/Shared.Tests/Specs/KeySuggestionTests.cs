using SweepCluster.Shared.Specs;

namespace SweepCluster.Shared.Tests.Specs;

public sealed class KeySuggestionTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("epoch", "epochs", 1)]
    [InlineData("same", "same", 0)]
    public void Distance_KnownPairs_IsLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, KeySuggestion.Distance(a, b));
        Assert.Equal(expected, KeySuggestion.Distance(b, a));
    }

    [Theory]
    [InlineData("Epochs", "epochs")]
    [InlineData("learning-rate", "learning_rate")]
    [InlineData("lr", null)]
    [InlineData("batchsize", "batch_size")]
    public void Closest_TrainingFieldTypos_SuggestsOrNot(string word, string? expected)
    {
        Assert.Equal(expected, KeySuggestion.Closest(word, TrainingFields.Names));
    }
}
