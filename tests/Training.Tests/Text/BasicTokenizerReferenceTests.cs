using System.Text.Json;
using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

/// <summary>
/// Differential test against Python: Fixtures/basic_tokenizer_reference.jsonl holds 300 random
/// strings full of Unicode edge cases (controls, odd spaces, Greek sigma, İ, combining marks,
/// Hangul, CJK outside the BMP, emoji) and the tokens Python's own Unicode functions give for
/// them (see make_basic_tokenizer_reference.py).
/// </summary>
public class BasicTokenizerReferenceTests
{
    [Fact]
    public void Tokenize_RandomUnicodeStrings_MatchPythonReference()
    {
        var uncased = new BasicTokenizer(lowercase: true, Vocabulary.SpecialTokens);
        var cased = new BasicTokenizer(lowercase: false, Vocabulary.SpecialTokens);
        using var stream = typeof(BasicTokenizerReferenceTests).Assembly.GetManifestResourceStream("Fixtures.basic_tokenizer_reference.jsonl")!;
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()!;
        Assert.Contains("\"unicode\": \"14.0.0\"", header, StringComparison.Ordinal);
        var checkedCases = 0;
        var mismatches = new List<string>();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var text = root.GetProperty("text").GetString()!;
            foreach (var (name, tokenizer) in new[] { ("uncased", uncased), ("cased", cased) })
            {
                string[] expected = [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
                var actual = tokenizer.Tokenize(text);
                if (!expected.SequenceEqual(actual))
                {
                    mismatches.Add($"{name} {JsonSerializer.Serialize(text)}: expected {JsonSerializer.Serialize(expected)}, got {JsonSerializer.Serialize(actual)}");
                }
            }

            checkedCases++;
        }

        Assert.Equal(300, checkedCases);
        Assert.Empty(mismatches);
    }
}
