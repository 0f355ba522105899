using System.Buffers.Binary;
using System.Text.Json;

namespace SweepCluster.Training.Checkpoints;

/// <content>Header parsing and validation.</content>
public static partial class SafeTensorsFile
{
    private static Header ReadHeader(FileStream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw new InvalidDataException($"{path}: truncated safetensors file ({fileLength} bytes, shorter than the 8-byte header length).");
        }

        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"{path}: header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit (not a safetensors file?).");
        }

        if ((long)headerLength > fileLength - 8)
        {
            throw new InvalidDataException($"{path}: truncated safetensors file (header of {headerLength} bytes, only {fileLength - 8} follow).");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the safetensors header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: the safetensors header must be a JSON object.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, path);
                }
                else
                {
                    entries.Add(ReadEntry(property, dataLength, path));
                }
            }

            CheckNoOverlap(entries, path);
            return new Header(dataStart, entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: __metadata__ must be an object of strings.");
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{path}: __metadata__ value '{item.Name}' is not a string.");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ReadEntry(JsonProperty property, long dataLength, string path)
    {
        var name = property.Name;
        var v = property.Value;
        string Bad(string what) => $"{path}: tensor '{name}' {what}.";
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !v.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new InvalidDataException(Bad("needs a string dtype, an array shape and two data_offsets"));
        }

        var dtype = dtypeElement.GetString()!;
        var shape = new int[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
            {
                throw new InvalidDataException(Bad($"has an invalid dimension {d.GetRawText()}"));
            }

            i++;
        }

        if (!offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new InvalidDataException(Bad($"has invalid data_offsets {offsetsElement.GetRawText()}"));
        }

        if (end > dataLength)
        {
            throw new InvalidDataException(
                $"{path}: truncated safetensors file (tensor '{name}' ends at data byte {end}, the file holds {dataLength}).");
        }

        var elements = NamedTensor.ElementCount(shape);
        if (ElementSize(dtype) is { } size && end - begin != elements * size)
        {
            throw new InvalidDataException(Bad($"has shape [{string.Join(", ", shape)}] of {dtype} ({elements * size} bytes) but data_offsets span {end - begin} bytes"));
        }

        return new Entry(name, dtype, shape, begin, end);
    }

    private static void CheckNoOverlap(List<Entry> entries, string path)
    {
        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Begin < sorted[i - 1].End)
            {
                throw new InvalidDataException($"{path}: tensors '{sorted[i - 1].Name}' and '{sorted[i].Name}' overlap.");
            }
        }
    }

    private static int? ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => null,
    };

    private sealed record Entry(string Name, string DType, int[] Shape, long Begin, long End);

    private sealed record Header(long DataStart, List<Entry> Entries, Dictionary<string, string> Metadata);
}
