using SweepCluster.Training.Data.Synthetic;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Data.Synthetic;

public class SyntheticTaskGeneratorTests
{
    [Fact]
    public void Generate_SameSeed_SameTask()
    {
        var options = new SyntheticTaskOptions(TrainExamples: 300, ValidationExamples: 100, Seed: 4);
        var first = SyntheticTaskGenerator.Generate(options);
        var second = SyntheticTaskGenerator.Generate(options);
        Assert.Equal(first.Train, second.Train);
        Assert.Equal(first.Validation, second.Validation);
        Assert.Equal(first.Lexicon.PositiveCues, second.Lexicon.PositiveCues);
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentTexts()
    {
        var first = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 50, ValidationExamples: 10, Seed: 1));
        var second = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 50, ValidationExamples: 10, Seed: 2));
        Assert.NotEqual(first.Train.Select(e => e.Text), second.Train.Select(e => e.Text));
    }

    [Fact]
    public void Generate_ValidationIndependentOfTrainCount()
    {
        var small = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 50, ValidationExamples: 40));
        var large = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 500, ValidationExamples: 40));
        Assert.Equal(small.Validation, large.Validation);
    }

    [Fact]
    public void Generate_NoNoise_LabelsFollowTheRuleAndAreExactlyBalanced()
    {
        var task = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 1001, ValidationExamples: 200, LabelNoise: 0));
        Assert.All(task.Train.Concat(task.Validation), e => Assert.Equal(task.Lexicon.DecideLabel(e.Text), e.Label));
        Assert.Equal(501, task.Train.Count(e => e.Label == "1"));
        Assert.Equal(100, task.Validation.Count(e => e.Label == "1"));
    }

    [Fact]
    public void Generate_LargeSample_NoiseShareNearRequested()
    {
        const int count = 20000;
        var task = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: count, ValidationExamples: 10, LabelNoise: 0.1));
        var flipped = task.Train.Count(e => task.Lexicon.DecideLabel(e.Text) != e.Label);
        // Binomial(20000, 0.1): sd ≈ 42; allow 4 sd.
        Assert.InRange(flipped, 2000 - 170, 2000 + 170);
        Assert.InRange(task.Train.Count(e => e.Label == "1"), (count / 2) - 300, (count / 2) + 300);
    }

    [Fact]
    public void Generate_NoiseLevel_DoesNotChangeTexts()
    {
        var clean = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 200, ValidationExamples: 10, LabelNoise: 0));
        var noisy = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 200, ValidationExamples: 10, LabelNoise: 0.3));
        Assert.Equal(clean.Train.Select(e => e.Text), noisy.Train.Select(e => e.Text));
    }

    [Fact]
    public void Generate_Sentences_HaveConfiguredShape()
    {
        var task = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 2000, ValidationExamples: 10, VocabularySize: 300));
        var lengths = task.Train.Select(e => e.Text.Split(' ').Length).ToList();
        Assert.Equal(6, lengths.Min());
        Assert.Equal(20, lengths.Max());
        Assert.Equal(300, task.Lexicon.Fillers.Count);
        Assert.Equal(300 + 24, task.Lexicon.Fillers.Concat(task.Lexicon.PositiveCues).Concat(task.Lexicon.NegativeCues).Distinct().Count());
        // Negation is common enough to matter and is what a bag of cues gets wrong.
        var negatedCue = task.Train.Count(e => HasNegatedCue(task.Lexicon, e.Text));
        Assert.InRange(negatedCue, 400, 1200);
        var cueCounts = task.Train.Select(e => e.Text.Split(' ').Count(w => task.Lexicon.PositiveCues.Contains(w) || task.Lexicon.NegativeCues.Contains(w))).ToHashSet();
        Assert.Equal([1, 3], cueCounts.Order());
    }

    [Fact]
    public void Generate_NegationBlindShortcuts_FallWellShortOfTheRule()
    {
        // The rule gives 100 % on clean labels; counting cues without negation or reading only the
        // first cue does much worse (≈70 % and ≈67 % at the defaults), so the task needs word order.
        var task = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 5000, ValidationExamples: 10, LabelNoise: 0));
        var lexicon = task.Lexicon;
        int Polarity(string w) => lexicon.PositiveCues.Contains(w) ? 1 : lexicon.NegativeCues.Contains(w) ? -1 : 0;
        var bagOfCues = task.Train.Count(e => (e.Text.Split(' ').Sum(Polarity) > 0 ? "1" : "0") == e.Label) / 5000.0;
        var firstCue = task.Train.Count(e => (e.Text.Split(' ').Select(Polarity).First(p => p != 0) > 0 ? "1" : "0") == e.Label) / 5000.0;
        Assert.InRange(bagOfCues, 0.65, 0.76);
        Assert.InRange(firstCue, 0.60, 0.74);
    }

    [Fact]
    public void Lexicon_DecideLabel_HandWorkedRule()
    {
        var lexicon = new SyntheticLexicon(["fa", "fo"], ["good"], ["bad"]);
        Assert.Equal("1", lexicon.DecideLabel("fa good fo"));
        Assert.Equal("0", lexicon.DecideLabel("not fa good"));
        Assert.Equal("1", lexicon.DecideLabel("never bad"));
        Assert.Equal("1", lexicon.DecideLabel("not fa fo fo good"));
        Assert.Equal("1", lexicon.DecideLabel("good bad good"));
        Assert.Equal("0", lexicon.DecideLabel("not good bad good"));
        Assert.Equal("0", lexicon.DecideLabel("not never good"));
        Assert.Null(lexicon.DecideLabel("good bad"));
    }

    [Fact]
    public void Generate_VocabularyBuiltFromTrain_CoversValidationWithoutUnknown()
    {
        var task = SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(TrainExamples: 400, ValidationExamples: 50));
        var vocabulary = Vocabulary.Build(task.Train.Select(e => e.Text), maxSize: 2000, uncased: true);
        var tokenizer = new WordPieceTokenizer(vocabulary, uncased: true);
        Assert.All(task.Validation, e => Assert.DoesNotContain(vocabulary.IdOf(Vocabulary.UnknownToken), tokenizer.TokenizeToIds(e.Text)));
        Assert.Equal(["0", "1"], task.Labels.Labels);
    }

    [Fact]
    public void Generate_InvalidNoise_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTaskGenerator.Generate(new SyntheticTaskOptions(LabelNoise: 0.5)));
    }

    private static bool HasNegatedCue(SyntheticLexicon lexicon, string text)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if ((lexicon.PositiveCues.Contains(words[i]) || lexicon.NegativeCues.Contains(words[i]))
                && words[Math.Max(0, i - SyntheticLexicon.NegationWindow)..i].Any(SyntheticLexicon.Negators.Contains))
            {
                return true;
            }
        }

        return false;
    }
}
