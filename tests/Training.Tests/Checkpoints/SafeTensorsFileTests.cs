using System.Text;
using SweepCluster.Training.Checkpoints;

namespace SweepCluster.Training.Tests.Checkpoints;

public class SafeTensorsFileTests
{
    [Fact]
    public void Write_OneSmallTensor_ExactReferenceLayout()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.safetensors");

        SafeTensorsFile.Write(path, [new NamedTensor("a", [2], [1f, -2f])]);

        // 54 bytes of JSON padded with 2 spaces to 56, then 1.0f and -2.0f little-endian.
        const string json = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        var expected = new List<byte>(BitConverter.GetBytes(56UL));
        expected.AddRange(Encoding.UTF8.GetBytes(json + "  "));
        expected.AddRange([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteRead_SeveralShapesAndMetadata_RoundTrip()
    {
        using var dir = new TempDirectory();
        var path = dir.File("m.safetensors");
        NamedTensor[] tensors =
        [
            new("w", [2, 3], [1, 2, 3, 4, 5, float.NegativeInfinity]),
            new("scalar", [], [0.25f]),
            new("empty", [0, 4], []),
            new("bert.embeddings.LayerNorm.weight", [3], [float.Epsilon, -0f, 3e38f]),
        ];

        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é \"q\"" });
        var read = SafeTensorsFile.Read(path);

        Assert.Equal(tensors.Length, read.Count);
        foreach (var t in tensors)
        {
            Assert.Equal(t.Shape, read[t.Name].Shape);
            Assert.Equal(t.Data, read[t.Name].Data);
        }

        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é \"q\"" }, SafeTensorsFile.ReadMetadata(path));
        Assert.Equal(0, (BitConverter.ToInt64(File.ReadAllBytes(path), 0) + 8) % 8);
    }

    [Fact]
    public void Read_HandBuiltFileWithMetadataAndOutOfOrderOffsets_ReadsValues()
    {
        using var dir = new TempDirectory();
        var path = dir.File("h.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(
            [
                new("second", "F32", [1], RawSafeTensors.Floats(7f), Begin: 8, End: 12),
                new("first", "F32", [2], RawSafeTensors.Floats(1.5f, 2.5f), Begin: 0, End: 8),
            ],
            """{"format":"pt"}"""));

        // The builder appends data in list order, so fix up by writing the bytes where the offsets say.
        var bytes = File.ReadAllBytes(path);
        var dataStart = bytes.Length - 12;
        RawSafeTensors.Floats(1.5f, 2.5f, 7f).CopyTo(bytes, dataStart);
        File.WriteAllBytes(path, bytes);

        var read = SafeTensorsFile.Read(path);
        Assert.Equal([1.5f, 2.5f], read["first"].Data);
        Assert.Equal([7f], read["second"].Data);
    }

    [Fact]
    public void Read_F16Tensor_RejectedNamingTensorAndDtype()
    {
        using var dir = new TempDirectory();
        var path = dir.File("half.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(
        [
            new("ok", "F32", [1], RawSafeTensors.Floats(1f)),
            new("bert.pooler.dense.weight", "F16", [2], [0x00, 0x3C, 0x00, 0x3C]),
        ]));

        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Equal($"{path}: tensor 'bert.pooler.dense.weight' has dtype F16; only F32 is supported (convert the checkpoint to float32).", e.Message);
        Assert.Equal([1f], SafeTensorsFile.Read(path, name => name == "ok")["ok"].Data);
    }

    [Theory]
    [InlineData(4, "truncated safetensors file (4 bytes, shorter than the 8-byte header length)")]
    [InlineData(30, "truncated safetensors file (header of ")]
    [InlineData(-3, "truncated safetensors file (tensor 'w' ends at data byte 24, the file holds 21)")]
    public void Read_TruncatedFile_ClearError(int keep, string message)
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.safetensors");
        SafeTensorsFile.Write(path, [new NamedTensor("w", [6], [1, 2, 3, 4, 5, 6])]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);

        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OffsetsDisagreeWithShape_ClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build([new("w", "F32", [3], RawSafeTensors.Floats(1, 2), Begin: 0, End: 8)]));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("tensor 'w' has shape [3] of F32 (12 bytes) but data_offsets span 8 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OverlappingTensors_ClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.File("overlap.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(
        [
            new("a", "F32", [2], RawSafeTensors.Floats(1, 2), Begin: 0, End: 8),
            new("b", "F32", [1], RawSafeTensors.Floats(3), Begin: 4, End: 8),
        ]));
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("tensors 'a' and 'b' overlap", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ShapeDisagreesWithData_Throws()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(dir.File("x"), [new NamedTensor("w", [2, 2], [1, 2, 3])]));
        Assert.Contains("Tensor 'w' has shape [2, 2] but 3 values", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x")));
    }
}
