namespace StreamAe.Ingest.Parsing;

/// <summary>The message formats a topic may carry (each parser in this folder states the shape it reads).</summary>
public enum MessageFormat
{
    /// <summary><c>{"series":"ecg-7","ts":1732300000000,"value":0.12}</c> or <c>"values":[…]</c> for C channels.</summary>
    Sample,

    /// <summary><c>{"series":…,"ts":…,"interval_ms":8,"values":[…]}</c>: consecutive samples.</summary>
    Chunk,

    /// <summary><c>{"series":…,"ts":…,"window":[…W floats…],"label":true}</c>: already windowed.</summary>
    Window,

    /// <summary>InfluxDB line protocol; series = measurement + tag set.</summary>
    Influx,

    /// <summary><c>series,ts,value[,value…]</c> a line.</summary>
    Csv,
}
