using System.Runtime.CompilerServices;

namespace StreamAe.Ingest.Parsing;

/// <summary>What a flat field's value is.</summary>
internal enum FlatValue
{
    Number,
    String,

    /// <summary>An array of numbers; its text is what lies between the brackets.</summary>
    NumberArray,
}

/// <summary>
/// The fields of a flat JSON object, read without a general JSON reader: each value a string without escapes, a
/// number (JSON's grammar, checked) or an array of numbers, whitespace allowed where JSON allows it. Anything else
/// (nesting, escapes, literals, comments, bad syntax) makes <see cref="TryNext"/> report <see cref="Unsupported"/>, and
/// the caller reads the message with <see cref="System.Text.Json.Utf8JsonReader"/> instead, which also words the
/// errors. This is the shape of nearly every <c>sample</c> and <c>chunk</c> message, and reading it here costs a third
/// of the general reader.
/// </summary>
internal ref struct FlatJsonFields
{
    private readonly ReadOnlySpan<byte> _json;
    private int _position;
    private bool _started;

    public FlatJsonFields(ReadOnlySpan<byte> json) => _json = json;

    /// <summary>Set when the object uses something this reader leaves to the general one.</summary>
    public bool Unsupported { get; private set; }

    /// <summary>The next field; false at the end of the object (check <see cref="Unsupported"/>).</summary>
    /// <param name="value">A string's content (without quotes), a number's text, or an array's numbers with their commas.</param>
    public bool TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out FlatValue kind)
    {
        name = value = default;
        kind = FlatValue.Number;
        SkipWhitespace();
        if (!_started)
        {
            _started = true;
            if (!Take((byte)'{'))
            {
                return GiveUp();
            }
            SkipWhitespace();
            if (Take((byte)'}'))
            {
                return End();
            }
        }
        else if (Take((byte)'}'))
        {
            return End();
        }
        else if (!Take((byte)','))
        {
            return GiveUp();
        }
        SkipWhitespace();
        if (!TryString(out name))
        {
            return GiveUp();
        }
        SkipWhitespace();
        if (!Take((byte)':'))
        {
            return GiveUp();
        }
        SkipWhitespace();
        if (_position < _json.Length && _json[_position] == '"')
        {
            kind = FlatValue.String;
            return TryString(out value) || GiveUp();
        }
        if (Take((byte)'['))
        {
            kind = FlatValue.NumberArray;
            return TryNumbers(out value) || GiveUp();
        }
        return TryNumber(out value) || GiveUp();
    }

    private bool End()
    {
        SkipWhitespace();
        return _position == _json.Length ? false : GiveUp();
    }

    private bool GiveUp()
    {
        Unsupported = true;
        return false;
    }

    private bool Take(byte expected)
    {
        if (_position < _json.Length && _json[_position] == expected)
        {
            _position++;
            return true;
        }
        return false;
    }

    /// <summary>Inlined for the common case, no whitespace: called a dozen times a message.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        if ((uint)_position < (uint)_json.Length && _json[_position] > (byte)' ')
        {
            return;
        }
        SkipWhitespaceRun();
    }

    private void SkipWhitespaceRun()
    {
        while (_position < _json.Length && _json[_position] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _position++;
        }
    }

    /// <summary>A string of printable ASCII without escapes (anything else, such as UTF-8 the general reader validates,
    /// is left to it).</summary>
    private bool TryString(out ReadOnlySpan<byte> content)
    {
        content = default;
        if (!Take((byte)'"'))
        {
            return false;
        }
        var rest = _json[_position..];
        var end = rest.IndexOfAny((byte)'"', (byte)'\\');
        if (end < 0 || rest[end] != '"' || rest[..end].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            return false;
        }
        content = rest[..end];
        _position += end + 1;
        return true;
    }

    /// <summary>After '[': one number or more, comma-separated, then ']' (an empty array is left to the general reader).</summary>
    private bool TryNumbers(out ReadOnlySpan<byte> numbers)
    {
        numbers = default;
        var start = _position;
        do
        {
            SkipWhitespace();
            if (!TryNumber(out _))
            {
                return false;
            }
            SkipWhitespace();
        }
        while (Take((byte)','));
        if (!Take((byte)']'))
        {
            return false;
        }
        numbers = _json[start..(_position - 1)];
        return true;
    }

    /// <summary>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    private bool TryNumber(out ReadOnlySpan<byte> number)
    {
        var start = _position;
        number = default;
        Take((byte)'-');
        if (Take((byte)'0'))
        {
            // no leading zeros
        }
        else if (!Digits())
        {
            return false;
        }
        if (Take((byte)'.') && !Digits())
        {
            return false;
        }
        if (Take((byte)'e') || Take((byte)'E'))
        {
            if (!Take((byte)'+'))
            {
                Take((byte)'-');
            }
            if (!Digits())
            {
                return false;
            }
        }
        number = _json[start.._position];
        return true;
    }

    private bool Digits()
    {
        var start = _position;
        while (_position < _json.Length && (uint)(_json[_position] - '0') <= 9)
        {
            _position++;
        }
        return _position > start;
    }
}
