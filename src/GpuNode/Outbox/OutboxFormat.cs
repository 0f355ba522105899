using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Numerics;
using System.Text.Json;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Outbox;

/// <summary>
/// The outbox file: UTF-8 lines <c>CCCCCCCC BODY\n</c> where <c>CCCCCCCC</c> is the CRC-32C of
/// <c>BODY</c> in hex and <c>BODY</c> is <c>H 1</c> (format version), <c>E {event JSON}</c>,
/// <c>A seq</c> (acknowledged up to) or <c>N seq</c> (next free sequence). JSON never contains a raw
/// newline, so a line is a record. A last line without its newline (a write cut short by a crash) or
/// any line whose checksum or body does not parse is dropped and counted, never fatal.
/// </summary>
internal static class OutboxFormat
{
    /// <summary>Version written in the header; a file with another version is refused.</summary>
    public const int Version = 1;

    private const int ChecksumDigits = 8;

    /// <summary>Appends one record (with its newline) to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, OutboxRecord record)
    {
        var body = new ArrayBufferWriter<byte>(128);
        body.Write([(byte)record.Kind, (byte)' ']);
        if (record.Kind == OutboxRecordKind.Event)
        {
            using var json = new Utf8JsonWriter(body);
            JsonSerializer.Serialize(json, record.Event!, NodeLinkJsonContext.Default.NodeEvent);
        }
        else
        {
            var digits = body.GetSpan(20);
            Utf8Formatter.TryFormat(record.Seq, digits, out var written);
            body.Advance(written);
        }

        var line = output.GetSpan(ChecksumDigits + 2 + body.WrittenCount);
        Utf8Formatter.TryFormat(Crc32C(body.WrittenSpan), line, out _, new StandardFormat('x', ChecksumDigits));
        line[ChecksumDigits] = (byte)' ';
        body.WrittenSpan.CopyTo(line[(ChecksumDigits + 1)..]);
        line[ChecksumDigits + 1 + body.WrittenCount] = (byte)'\n';
        output.Advance(ChecksumDigits + 2 + body.WrittenCount);
    }

    /// <summary>Reads every intact record of a file's content, in order.</summary>
    /// <exception cref="InvalidDataException">The header names a format version this build does not read.</exception>
    public static OutboxReadResult Read(ReadOnlySpan<byte> content)
    {
        var records = new List<OutboxRecord>();
        var corrupt = 0;
        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            if (end < 0)
            {
                return new OutboxReadResult(records, corrupt, TornTail: true);
            }

            if (TryParse(content[..end]) is { } record)
            {
                if (record.Kind == OutboxRecordKind.Header && record.Seq != Version)
                {
                    throw new InvalidDataException($"outbox format version {record.Seq} is not supported (this build reads version {Version})");
                }

                records.Add(record);
            }
            else
            {
                corrupt++;
            }

            content = content[(end + 1)..];
        }

        return new OutboxReadResult(records, corrupt, TornTail: false);
    }

    /// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static OutboxRecord? TryParse(ReadOnlySpan<byte> line)
    {
        if (line.Length < ChecksumDigits + 3 || line[ChecksumDigits] != ' '
            || !Utf8Parser.TryParse(line[..ChecksumDigits], out uint checksum, out var used, 'x') || used != ChecksumDigits)
        {
            return null;
        }

        var body = line[(ChecksumDigits + 1)..];
        if (Crc32C(body) != checksum || body[1] != ' ')
        {
            return null;
        }

        var kind = (OutboxRecordKind)body[0];
        var payload = body[2..];
        if (kind == OutboxRecordKind.Event)
        {
            try
            {
                return JsonSerializer.Deserialize(payload, NodeLinkJsonContext.Default.NodeEvent) is { } e ? OutboxRecord.ForEvent(e) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return kind is OutboxRecordKind.Header or OutboxRecordKind.Ack or OutboxRecordKind.NextSeq
            && Utf8Parser.TryParse(payload, out long seq, out var digits) && digits == payload.Length
            ? new OutboxRecord(kind, seq)
            : null;
    }
}
