using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StreamAe.Sink.Tests.Support;

/// <summary>A request as the fake server saw it, body decompressed.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? ContentEncoding,
    string Body,
    int Index);

/// <summary>What the fake server answers.</summary>
internal sealed record FakeResponse(int Status, string Body = "", string? RetryAfter = null)
{
    public static readonly FakeResponse NoContent = new(204);
}

/// <summary>
/// An in-process HTTP server on 127.0.0.1 that answers like InfluxDB's v2 API, scripted per request, and records
/// every request (gzip bodies decompressed) for assertions.
/// </summary>
internal sealed class FakeInfluxServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<RecordedRequest, FakeResponse> _respond;
    private readonly Task _loop;
    private int _count;

    public FakeInfluxServer(Func<RecordedRequest, FakeResponse> respond)
    {
        _respond = respond;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IEnumerable<RecordedRequest> Writes => Requests.Where(r => r.Path.EndsWith("/write", StringComparison.Ordinal) && r.Body.Length > 0);

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Close after Stop releases the prefixes a second time, which binds the port anew and
        // failed with "Address already in use" once a parallel test held it.
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // Stopping the listener ends the loop this way.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                // The client gave up on its request (a drain that timed out cancels it), or the server was disposed
                // while answering: neither is the test's business; the next request, if any, is served.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = await RecordAsync(context.Request).ConfigureAwait(false);
        Requests.Enqueue(request);
        var response = _respond(request);
        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null)
        {
            context.Response.AddHeader("Retry-After", response.RetryAfter);
        }
        var body = Encoding.UTF8.GetBytes(response.Body);
        if (body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        context.Response.Close();
    }

    private async Task<RecordedRequest> RecordAsync(HttpListenerRequest request)
    {
        var encoding = request.Headers["Content-Encoding"];
        Stream body = request.InputStream;
        if (encoding == "gzip")
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var reader = new StreamReader(body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        var query = request.QueryString.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => request.QueryString[k]!);
        return new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, query, request.Headers["Authorization"],
            encoding, text, Interlocked.Increment(ref _count) - 1);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
