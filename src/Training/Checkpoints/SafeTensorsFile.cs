using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SweepCluster.Training.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON mapping each tensor name to <c>{"dtype", "shape", "data_offsets": [begin, end]}</c>
/// (offsets relative to the data section) plus an optional <c>"__metadata__"</c> string map, then the
/// raw little-endian data. Only F32 tensors are supported.
/// </summary>
public static partial class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000; // the reference implementation's limit

    /// <summary>Reads every tensor; see <see cref="Read(string, Func{string, bool}?)"/>.</summary>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path) => Read(path, include: null);

    /// <summary>
    /// Reads the tensors whose names <paramref name="include"/> accepts (all when null). Every entry
    /// of the header is validated (shape, offsets inside the file, no overlap); an included tensor of
    /// another dtype than F32 is rejected naming the tensor and its dtype. Errors are
    /// <see cref="InvalidDataException"/>s that start with the path.
    /// </summary>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path, Func<string, bool>? include)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = ReadHeader(stream, path);
        var result = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries)
        {
            if (include is not null && !include(entry.Name))
            {
                continue;
            }

            if (entry.DType != "F32")
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{entry.Name}' has dtype {entry.DType}; only F32 is supported (convert the checkpoint to float32).");
            }

            var data = new float[checked((int)((entry.End - entry.Begin) / sizeof(float)))];
            stream.Position = header.DataStart + entry.Begin;
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                var bits = MemoryMarshal.Cast<float, int>(data.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
            }

            result.Add(entry.Name, new NamedTensor(entry.Name, entry.Shape, data));
        }

        return result;
    }

    /// <summary>The <c>__metadata__</c> map of a file (empty when absent).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return ReadHeader(stream, path).Metadata;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (F32, in the given order) and optional metadata. The header is
    /// padded with spaces to a multiple of 8 bytes, as the reference implementation does, so the data
    /// section is 8-byte aligned. The file is written beside <paramref name="path"/> and moved into
    /// place, so readers never see half a file.
    /// </summary>
    public static void Write(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = BuildHeader(list, metadata);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var t in list)
            {
                if (BitConverter.IsLittleEndian)
                {
                    stream.Write(MemoryMarshal.AsBytes(t.Data.AsSpan()));
                }
                else
                {
                    var swapped = (float[])t.Data.Clone();
                    var bits = MemoryMarshal.Cast<float, int>(swapped.AsSpan());
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                    stream.Write(MemoryMarshal.AsBytes(swapped.AsSpan()));
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static byte[] BuildHeader(List<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in tensors)
            {
                ValidateForWrite(t, names);
                var bytes = (long)t.Data.Length * sizeof(float);
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }

            w.WriteEndObject();
        }

        var json = buffer.ToArray();
        var padded = new byte[(json.Length + 7) / 8 * 8];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    private static void ValidateForWrite(NamedTensor t, HashSet<string> names)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (string.IsNullOrEmpty(t.Name) || t.Name == MetadataKey)
        {
            throw new ArgumentException($"Invalid tensor name '{t.Name}'.");
        }

        if (!names.Add(t.Name))
        {
            throw new ArgumentException($"Tensor '{t.Name}' appears twice.");
        }

        if (t.Shape.Any(d => d < 0) || NamedTensor.ElementCount(t.Shape) != t.Data.Length)
        {
            throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(", ", t.Shape)}] but {t.Data.Length} values.");
        }
    }
}
