using System.Numerics.Tensors;

namespace SweepCluster.Training.Tensors;

/// <summary>Row gather from an embedding table [rows, dim] and its gradient, a scatter-add.</summary>
internal static class Embedding
{
    /// <summary><c>output[i, :] = table[ids[i], :]</c>.</summary>
    public static void Gather(ReadOnlySpan<float> table, int dim, ReadOnlySpan<int> ids, Span<float> output)
    {
        Check.SameLength(ids.Length * dim, output.Length, nameof(output));
        var rows = table.Length / dim;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            if ((uint)id >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Index {id} at position {i} is outside the table of {rows} rows.");
            }

            table.Slice(id * dim, dim).CopyTo(output.Slice(i * dim, dim));
        }
    }

    /// <summary>
    /// <c>dTable[ids[i], :] += dOutput[i, :]</c> in index order, skipping rows whose id equals
    /// <paramref name="skipId"/> (PyTorch's <c>padding_idx</c>: the padding row never receives gradient).
    /// </summary>
    public static void ScatterAdd(ReadOnlySpan<float> dOutput, int dim, ReadOnlySpan<int> ids, Span<float> dTable, int skipId = -1)
    {
        Check.SameLength(ids.Length * dim, dOutput.Length, nameof(dOutput));
        var rows = dTable.Length / dim;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            if (id == skipId)
            {
                continue;
            }

            if ((uint)id >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Index {id} at position {i} is outside the table of {rows} rows.");
            }

            var row = dTable.Slice(id * dim, dim);
            TensorPrimitives.Add(row, dOutput.Slice(i * dim, dim), row);
        }
    }
}
