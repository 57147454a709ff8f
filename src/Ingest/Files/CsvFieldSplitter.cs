using System.Text;

namespace StreamAe.Ingest.Files;

/// <summary>
/// Splits one CSV line on a separator, honouring RFC 4180 double-quoted fields (with "" as an escaped quote). The list
/// it returns is reused: it holds one line's fields until the next call.
/// </summary>
public sealed class CsvFieldSplitter
{
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();

    public List<string> Split(string line, char separator)
    {
        ArgumentNullException.ThrowIfNull(line);
        _fields.Clear();
        _field.Clear();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    _field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    _field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
            }
            else
            {
                _field.Append(c);
            }
        }
        _fields.Add(_field.ToString());
        return _fields;
    }
}
