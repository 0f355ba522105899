using System.Text;
using SweepCluster.GpuNode.Runners.Command;

namespace SweepCluster.GpuNode.Tests.Runners.Command;

public sealed class ProtocolParserTests
{
    private static ProtocolMessage? Parse(string line, out string? error) => ProtocolParser.Parse(Encoding.UTF8.GetBytes(line), out error);

    [Fact]
    public void Parse_EachMessageType_Read()
    {
        Assert.Equal(new MetricMessage(12, 0.25, "eval/accuracy", 0.8125), Parse("""{"type":"metric","step":12,"fraction":0.25,"name":"eval/accuracy","value":0.8125}""", out _));
        Assert.Equal(new ProgressMessage(3, 40), Parse("""{"type":"progress","step":3,"total":40,"extra":[1,2]}""", out _));
        Assert.Equal(new CheckpointMessage("ck/step-3.pt", 3, 0.075), Parse("""{"type":"checkpoint","path":"ck/step-3.pt","step":3,"fraction":0.075,"v":1}""", out _));
        Assert.Equal(new ResultMessage(40, 0.9), Parse("""{"type":"result","steps":40,"metric":0.9}""", out _));
        Assert.Equal(new ResultMessage(null, null), Parse("""{"type":"result","metric":null}""", out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"loss","value":NaN}""", double.NaN)]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"loss","value":"NaN"}""", double.NaN)]
    [InlineData("""{"type": "metric", "step": 1, "fraction": 0.5, "name": "loss", "value": Infinity}""", double.PositiveInfinity)]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"loss","value":-Infinity}""", double.NegativeInfinity)]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"loss","value":"-Infinity"}""", double.NegativeInfinity)]
    public void Parse_NonFiniteValues_PythonTokensAndStrings_Read(string line, double expected)
    {
        var message = Assert.IsType<MetricMessage>(Parse(line, out _));
        Assert.Equal(expected, message.Value);
    }

    [Theory]
    [InlineData("", "not JSON: ")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("""{"step":1}""", "missing \"type\"")]
    [InlineData("""{"type":"hello"}""", "unknown message type 'hello'")]
    [InlineData("""{"type":"metric","v":2,"step":1,"fraction":0.5,"name":"x","value":1}""", "unsupported protocol version 2 (this node speaks 1)")]
    [InlineData("""{"type":"metric","step":-1,"fraction":0.5,"name":"x","value":1}""", "\"step\" must be an integer >= 0")]
    [InlineData("""{"type":"metric","step":1.5,"fraction":0.5,"name":"x","value":1}""", "\"step\" must be an integer >= 0")]
    [InlineData("""{"type":"metric","step":"1","fraction":0.5,"name":"x","value":1}""", "\"step\" must be an integer >= 0")]
    [InlineData("""{"type":"metric","step":1,"fraction":1.5,"name":"x","value":1}""", "\"fraction\" must be a number in [0, 1]")]
    [InlineData("""{"type":"metric","step":1,"fraction":NaN,"name":"x","value":1}""", "\"fraction\" must be a number in [0, 1]")]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"a b","value":1}""", "\"name\" must be 1-64 characters from A-Z a-z 0-9 . _ / -")]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"x","value":1e400}""", "\"value\" must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")")]
    [InlineData("""{"type":"metric","step":1,"fraction":0.5,"name":"x","value":"1"}""", "\"value\" must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")")]
    [InlineData("""{"type":"checkpoint","path":"","step":1,"fraction":0.5}""", "\"path\" must be a non-empty string of at most 4096 characters")]
    [InlineData("""{"type":"progress","step":1}""", "\"total\" must be an integer >= 0")]
    public void Parse_WrongShape_NullWithReason(string line, string expected)
    {
        Assert.Null(Parse(line, out var error));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Parse_EveryTruncationOfValidLines_NeverThrowsAndOnlyTheWholeLineParses()
    {
        string[] lines =
        [
            """{"type":"metric","step":12,"fraction":0.25,"name":"accuracy","value":NaN}""",
            """{"type":"checkpoint","path":"a\"b\\c","step":3,"fraction":0.075}""",
            """{"type":"result","steps":40,"metric":0.9}""",
        ];
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                Assert.Null(ProtocolParser.Parse(bytes.AsSpan(0, cut), out var error));
                Assert.NotNull(error);
            }

            Assert.NotNull(ProtocolParser.Parse(bytes, out _));
        }
    }

    [Fact]
    public void Parse_RandomBinaryAndMutatedLines_NeverThrow()
    {
        var random = new Random(20250601);
        var valid = Encoding.UTF8.GetBytes("""{"type":"metric","step":12,"fraction":0.25,"name":"accuracy","value":0.5}""");
        var parsed = 0;
        for (var i = 0; i < 5000; i++)
        {
            byte[] line;
            if (i % 2 == 0)
            {
                line = new byte[random.Next(0, 200)];
                random.NextBytes(line);
            }
            else
            {
                line = (byte[])valid.Clone();
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    line[random.Next(line.Length)] = (byte)random.Next(256);
                }
            }

            var message = ProtocolParser.Parse(line, out var error);
            Assert.True(message is null ^ error is null);
            parsed += message is null ? 0 : 1;
        }

        Assert.InRange(parsed, 1, 2499); // some mutations (inside the name or a digit) still parse; most do not
    }

    [Fact]
    public void Parse_InvalidUtf8InsideAString_NullWithReason()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"metric","step":1,"fraction":0.5,"name":"ab","value":1}""");
        line[Array.IndexOf(line, (byte)'a', 50)] = 0xC3; // a lone lead byte in the name

        Assert.Null(ProtocolParser.Parse(line, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Parse_DeepNesting_NullWithReason()
    {
        var line = """{"type":"result","x":""" + new string('[', 100) + new string(']', 100) + "}";

        Assert.Null(Parse(line, out var error));
        Assert.StartsWith("not JSON: ", error);
    }

    [Fact]
    public void Parse_LineOverTheLimit_NullWithReason()
    {
        var line = new byte[ProtocolParser.MaxLineBytes + 1];

        Assert.Null(ProtocolParser.Parse(line, out var error));
        Assert.Equal("line of 65537 bytes exceeds 65536", error);
    }

    [Theory]
    [InlineData("""{"name":"NaN","v":NaN}""", """{"name":"NaN","v":"NaN"}""")]
    [InlineData("""{"a":"say \"NaN\"","b":[NaN,Infinity,-Infinity]}""", """{"a":"say \"NaN\"","b":["NaN","Infinity","-Infinity"]}""")]
    [InlineData("""{"a":NaNx}""", null)]
    [InlineData("""{"a":"NaN"}""", null)]
    public void Quote_BareNonFiniteTokens_QuotedOutsideStringsOnly(string line, string? expected)
    {
        var quoted = NonFiniteJson.Quote(Encoding.UTF8.GetBytes(line));

        Assert.Equal(expected, quoted is null ? null : Encoding.UTF8.GetString(quoted));
    }
}
