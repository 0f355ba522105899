using System.Text;

namespace SweepCluster.Training.Tests.Checkpoints;

/// <summary>
/// Builds safetensors bytes by hand, independently of the writer under test, with any dtype and
/// any (even inconsistent) offsets, so the reader can be fed files it did not write.
/// </summary>
internal static class RawSafeTensors
{
    public sealed record Item(string Name, string DType, int[] Shape, byte[] Data, long? Begin = null, long? End = null);

    public static byte[] Build(IEnumerable<Item> items, string? metadataJson = null)
    {
        var header = new StringBuilder("{");
        var data = new MemoryStream();
        if (metadataJson is not null)
        {
            header.Append("\"__metadata__\":").Append(metadataJson).Append(',');
        }

        foreach (var item in items)
        {
            var begin = item.Begin ?? data.Length;
            var end = item.End ?? (begin + item.Data.Length);
            header.Append($"\"{item.Name}\":{{\"dtype\":\"{item.DType}\",\"shape\":[{string.Join(",", item.Shape)}],\"data_offsets\":[{begin},{end}]}},");
            data.Write(item.Data);
        }

        if (header[^1] == ',')
        {
            header.Length--;
        }

        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var file = new MemoryStream();
        file.Write(BitConverter.GetBytes((ulong)headerBytes.Length));
        file.Write(headerBytes);
        file.Write(data.ToArray());
        return file.ToArray();
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
