using SweepCluster.Training.Text;

namespace SweepCluster.Training.Tests.Text;

public class EncodedBatchTests
{
    private static readonly EncodedExample[] Examples =
    [
        new([2, 8, 3, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 0, 0]),
        new([2, 8, 3, 9, 3], [0, 0, 0, 1, 1], [1, 1, 1, 1, 1]),
        new([2, 3, 0, 0, 0], [0, 0, 0, 0, 0], [1, 1, 0, 0, 0]),
    ];

    [Fact]
    public void Pack_Rows_RowMajorInRowOrder()
    {
        var batch = EncodedBatch.Pack(Examples, [2, 0]);
        Assert.Equal(2, batch.BatchSize);
        Assert.Equal(5, batch.SequenceLength);
        Assert.Equal([2, 3, 0, 0, 0, 2, 8, 3, 0, 0], batch.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], batch.TokenTypeIds);
        Assert.Equal([1, 1, 0, 0, 0, 1, 1, 1, 0, 0], batch.AttentionMask);
    }

    [Fact]
    public void Pack_All_KeepsFullLength()
    {
        var batch = EncodedBatch.Pack(Examples);
        Assert.Equal(3, batch.BatchSize);
        Assert.Equal(15, batch.InputIds.Length);
        Assert.Equal([0, 0, 0, 1, 1], batch.TokenTypeIds[5..10]);
    }

    [Fact]
    public void Pack_TrimToLongest_CutsToLongestRow()
    {
        var batch = EncodedBatch.Pack(Examples, [0, 2], trimToLongest: true);
        Assert.Equal(3, batch.SequenceLength);
        Assert.Equal([2, 8, 3, 2, 3, 0], batch.InputIds);
        Assert.Equal([1, 1, 1, 1, 1, 0], batch.AttentionMask);
    }

    [Fact]
    public void Pack_MixedLengths_Throws()
    {
        EncodedExample[] mixed = [Examples[0], new([2, 3], [0, 0], [1, 1])];
        Assert.Throws<ArgumentException>(() => EncodedBatch.Pack(mixed));
    }
}
