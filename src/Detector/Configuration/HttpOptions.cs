using StreamAe.Contracts;

namespace StreamAe.Detector.Configuration;

/// <summary>Where /healthz, /readyz and /metrics listen.</summary>
public sealed class HttpOptions : IValidatableOptions
{
    /// <summary>Kestrel URLs; 0 disables the endpoint (e.g. for the demo).</summary>
    public string Urls { get; set; } = "http://0.0.0.0:9400";

    public bool Enabled => !string.IsNullOrWhiteSpace(Urls) && Urls != "0";

    public IEnumerable<string> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"{section}:Urls has '{url}', which is not an http(s) URL such as http://0.0.0.0:9400.";
            }
        }
    }
}
