using System.Buffers;
using System.Text;
using SweepCluster.GpuNode.Outbox;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Tests.Outbox;

public sealed class OutboxFormatTests
{
    private static readonly OutboxRecord[] Sample =
    [
        OutboxRecord.Header,
        OutboxRecord.NextSeq(7),
        OutboxRecord.ForEvent(new TrialStartedEvent(7, "s/c0-w1-d1", 1)),
        OutboxRecord.ForEvent(new TrialMetricEvent(8, "s/c0-w1-d1", 1, 3, 0.3, "loss", double.NaN)),
        OutboxRecord.ForEvent(new TrialCheckpointedEvent(9, "s/c0-w1-d1", 1, 3, 0.3, "/w/ck é")),
        OutboxRecord.ForEvent(new TrialEndedEvent(10, "s/c0-w1-d1", 1, TrialOutcomeKind.Failed, null, 3, null, "line one\nline two")),
        OutboxRecord.Ack(9),
    ];

    [Fact]
    public void Crc32C_StandardCheckInput_GivesThePublishedCheckValue()
    {
        // The CRC-32C (iSCSI, RFC 3720) check value for the ASCII string "123456789".
        Assert.Equal(0xE3069283u, OutboxFormat.Crc32C("123456789"u8));
        Assert.Equal(0u, OutboxFormat.Crc32C([]));
    }

    [Fact]
    public void Write_AckRecord_IsChecksumSpaceBodyNewline()
    {
        var output = new ArrayBufferWriter<byte>();

        OutboxFormat.Write(output, OutboxRecord.Ack(42));

        Assert.Equal($"{OutboxFormat.Crc32C("A 42"u8):x8} A 42\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Read_WrittenRecords_RoundTripsEveryKindOneLineEach()
    {
        var content = Encode(Sample);

        var read = OutboxFormat.Read(content);

        Assert.Equal(Sample, read.Records);
        Assert.Equal((0, false), (read.CorruptRecords, read.TornTail));
        Assert.Equal(Sample.Length, content.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public void Read_LastLineCutShort_DropsOnlyItAndReportsATornTail()
    {
        var content = Encode(Sample);
        for (var cut = 1; cut < 12; cut++)
        {
            var read = OutboxFormat.Read(content.AsSpan(0, content.Length - cut));

            Assert.Equal(Sample[..^1], read.Records);
            Assert.Equal((0, true), (read.CorruptRecords, read.TornTail));
        }
    }

    [Fact]
    public void Read_OneByteFlippedInTheMiddle_SkipsThatRecordAndKeepsTheOthers()
    {
        var content = Encode(Sample);
        var lineStarts = Enumerable.Range(0, content.Length).Where(i => i == 0 || content[i - 1] == '\n').ToList();
        content[lineStarts[3] + 20] ^= 0x04;

        var read = OutboxFormat.Read(content);

        Assert.Equal(Sample.Where((_, i) => i != 3), read.Records);
        Assert.Equal((1, false), (read.CorruptRecords, read.TornTail));
    }

    [Fact]
    public void Read_GarbageLines_AreCountedAsCorruptNotFatal()
    {
        var content = Encoding.UTF8.GetBytes("hello\n\n0000000g X 1\n00000000 Z 5\n").Concat(Encode([OutboxRecord.Ack(3)])).ToArray();

        var read = OutboxFormat.Read(content);

        Assert.Equal([OutboxRecord.Ack(3)], read.Records);
        Assert.Equal(4, read.CorruptRecords);
    }

    [Fact]
    public void Read_HeaderOfAnotherVersion_IsRefused()
    {
        var content = Encode([new OutboxRecord(OutboxRecordKind.Header, 2)]);

        var ex = Assert.Throws<InvalidDataException>(() => OutboxFormat.Read(content));
        Assert.Equal("outbox format version 2 is not supported (this build reads version 1)", ex.Message);
    }

    internal static byte[] Encode(IEnumerable<OutboxRecord> records)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var r in records)
        {
            OutboxFormat.Write(output, r);
        }

        return output.WrittenSpan.ToArray();
    }
}
