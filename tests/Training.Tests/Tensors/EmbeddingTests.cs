using SweepCluster.Training.Randomness;
using SweepCluster.Training.Tensors;

namespace SweepCluster.Training.Tests.Tensors;

public class EmbeddingTests
{
    private const int Dim = 3;

    [Fact]
    public void Gather_Ids_CopiesRows()
    {
        float[] table = [0, 1, 2, 10, 11, 12, 20, 21, 22];
        var output = new float[9];
        Embedding.Gather(table, Dim, [2, 0, 2], output);
        Assert.Equal([20, 21, 22, 0, 1, 2, 20, 21, 22], output);
    }

    [Fact]
    public void ScatterAdd_RepeatedIdsAndPadding_MatchesCentralDifferencesOfGather()
    {
        var rng = new Rng(12);
        var table = GradientCheck.RandomFloats(rng, 4 * Dim);
        int[] ids = [1, 3, 1, 0, 2];
        var w = GradientCheck.RandomFloats(rng, ids.Length * Dim);
        var dTable = new float[table.Length];
        Embedding.ScatterAdd(w, Dim, ids, dTable);

        var wd = GradientCheck.ToDouble(w);
        double Loss(double[] t)
        {
            double s = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                for (var d = 0; d < Dim; d++)
                {
                    s += t[(ids[i] * Dim) + d] * wd[(i * Dim) + d];
                }
            }

            return s;
        }

        GradientCheck.AssertAll(Loss, GradientCheck.ToDouble(table), dTable, 1e-6, "dTable");

        var dSkipping = new float[table.Length];
        Embedding.ScatterAdd(w, Dim, ids, dSkipping, skipId: 1);
        Assert.All(dSkipping.AsSpan(Dim, Dim).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(dTable.AsSpan(3 * Dim, Dim).ToArray(), dSkipping.AsSpan(3 * Dim, Dim).ToArray());
    }

    [Fact]
    public void Gather_IdOutsideTable_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Embedding.Gather(new float[6], Dim, [0, 2], new float[6]));
        Assert.Contains("Index 2 at position 1", e.Message, StringComparison.Ordinal);
    }
}
