using System.Net;
using System.Text;

namespace StreamAe.Sink.Tests.Support;

/// <summary>
/// The HTTP layer under an output, scripted per request (0, 1, …): the script answers with a status or throws, as a
/// failing connection or a faulty client would. Records each request's body (send uncompressed).
/// </summary>
internal sealed class ScriptedHandler(Func<int, HttpResponseMessage> script) : HttpMessageHandler
{
    private readonly List<string> _bodies = [];

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public static HttpResponseMessage Status(int status, string? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(status >= 300 ? "{\"code\":\"x\"}" : "") };
        if (retryAfterSeconds is not null)
        {
            response.Headers.Add("Retry-After", retryAfterSeconds);
        }
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        int index;
        lock (_bodies)
        {
            index = _bodies.Count;
            _bodies.Add(body);
        }
        return script(index);
    }
}
