using System.Text;

namespace SweepCluster.Training.Data;

/// <summary>
/// A streaming RFC 4180 record reader: fields separated by a delimiter, records by CRLF, LF or CR;
/// a field may be enclosed in double quotes, and then holds delimiters, line breaks and doubled
/// quotes (<c>""</c> → <c>"</c>). Stray quotes are errors rather than guesses. Blank lines are skipped.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string path, char delimiter)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>Records with the 1-based line each starts on.</summary>
    public IEnumerable<(int Line, List<string> Fields)> ReadRecords()
    {
        while (ReadRecord() is { } record)
        {
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0 && !record.Quoted)
            {
                continue;
            }

            yield return (record.Line, record.Fields);
        }
    }

    private (int Line, List<string> Fields, bool Quoted)? ReadRecord()
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var start = _line;
        var fields = new List<string>();
        var quoted = false;
        while (true)
        {
            _field.Clear();
            var c = reader.Read();
            if (c == '"')
            {
                quoted = true;
                c = ReadQuoted();
            }
            else
            {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r')
                {
                    if (c == '"')
                    {
                        throw new DataFormatException(path, _line, "a quote inside an unquoted field; enclose the whole field in quotes and double the quotes inside it");
                    }

                    _field.Append((char)c);
                    c = reader.Read();
                }
            }

            fields.Add(_field.ToString());
            if (c == delimiter)
            {
                continue;
            }

            if (c >= 0)
            {
                EndLine(c);
            }

            return (start, fields, quoted);
        }
    }

    // Reads a quoted field after its opening quote; returns the character that follows it.
    private int ReadQuoted()
    {
        var opened = _line;
        while (true)
        {
            var c = reader.Read();
            switch (c)
            {
                case < 0:
                    throw new DataFormatException(path, opened, "a quoted field is never closed");
                case '"' when reader.Peek() == '"':
                    reader.Read();
                    _field.Append('"');
                    break;
                case '"':
                    var next = reader.Read();
                    if (next >= 0 && next != delimiter && next != '\n' && next != '\r')
                    {
                        throw new DataFormatException(path, _line, $"unexpected '{(char)next}' after a closing quote; expected '{delimiter}' or the end of the line");
                    }

                    return next;
                case '\n':
                    _line++;
                    _field.Append('\n');
                    break;
                case '\r':
                    _field.Append('\r');
                    if (reader.Peek() == '\n')
                    {
                        _field.Append((char)reader.Read());
                    }

                    _line++;
                    break;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    private void EndLine(int c)
    {
        if (c == '\r' && reader.Peek() == '\n')
        {
            reader.Read();
        }

        _line++;
    }
}
