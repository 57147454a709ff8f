using System.Globalization;
using System.Text;

namespace StreamAe.Ingest.Parsing;

/// <summary>Number and timestamp parsing shared by the text formats (always the invariant culture).</summary>
internal static class TextValues
{
    private const NumberStyles FloatStyle = NumberStyles.Float;

    /// <summary>Parses a float; false with a reason when the text is not a number or not finite.</summary>
    public static bool TryParseFloat(ReadOnlySpan<byte> utf8, out float value, out DeadLetterReason reason)
    {
        if (!double.TryParse(utf8, FloatStyle, CultureInfo.InvariantCulture, out var number))
        {
            value = 0;
            reason = IsNonFiniteSpelling(utf8) ? DeadLetterReason.NonFinite : DeadLetterReason.Malformed;
            return false;
        }
        return CheckFinite(number, out value, out reason);
    }

    /// <summary>Spellings of NaN and infinity that other tools write (numpy, C printf) but .NET does not parse.</summary>
    private static bool IsNonFiniteSpelling(ReadOnlySpan<byte> utf8)
    {
        var unsigned = utf8 is [(byte)'+' or (byte)'-', ..] ? utf8[1..] : utf8;
        return Ascii.EqualsIgnoreCase(unsigned, "nan"u8) || Ascii.EqualsIgnoreCase(unsigned, "inf"u8)
            || Ascii.EqualsIgnoreCase(unsigned, "infinity"u8);
    }

    public static bool CheckFinite(double number, out float value, out DeadLetterReason reason)
    {
        value = (float)number;
        reason = DeadLetterReason.NonFinite;
        return float.IsFinite(value);
    }

    /// <summary>Epoch milliseconds written as a number (exponents allowed) or ISO-8601 text.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> utf8, out long epochMs)
    {
        if (long.TryParse(utf8, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out epochMs))
        {
            return true;
        }
        if (double.TryParse(utf8, FloatStyle, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromDouble(number, out epochMs);
        }
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length)
        {
            return false;
        }
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return TryParseIso(chars[..length], out epochMs);
    }

    public static bool TryParseIso(ReadOnlySpan<char> text, out long epochMs)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            epochMs = time.ToUnixTimeMilliseconds();
            return true;
        }
        epochMs = 0;
        return false;
    }

    public static bool TryFromDouble(double number, out long epochMs)
    {
        if (!double.IsFinite(number) || Math.Abs(number) > 9e15)
        {
            epochMs = 0;
            return false;
        }
        epochMs = (long)Math.Round(number);
        return true;
    }
}
