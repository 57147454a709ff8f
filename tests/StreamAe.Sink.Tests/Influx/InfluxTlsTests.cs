using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StreamAe.Sink.Influx;

namespace StreamAe.Sink.Tests.Influx;

/// <summary>HTTPS to InfluxDB signed by a private CA: trusted with Sink:Influx:CaCertificatePath, refused without.</summary>
public sealed class InfluxTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-tls-").FullName;

    [Fact]
    public async Task A_private_ca_is_trusted_only_when_configured()
    {
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=StreamAe test CA", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        using var issued = serverRequest.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var server = issued.CopyWithPrivateKey(serverKey);
        var caPath = Path.Combine(_directory, "ca.pem");
        await System.IO.File.WriteAllTextAsync(caPath, authority.ExportCertificatePem());

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var serving = ServePingsAsync(listener, server, stop.Token);

        using (var trusting = new HttpClient(InfluxHttpApi.CreateHandler(new InfluxOptions { Url = url, CaCertificatePath = caPath })))
        {
            using var response = await trusting.GetAsync(url + "ping", stop.Token);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        using (var systemRootsOnly = new HttpClient(InfluxHttpApi.CreateHandler(new InfluxOptions { Url = url })))
        {
            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => systemRootsOnly.GetAsync(url + "ping", stop.Token));
            Assert.IsType<System.Security.Authentication.AuthenticationException>(failure.InnerException);
        }
        Assert.Contains("CaCertificatePath", string.Join(" ", new InfluxOptions { Url = url, CaCertificatePath = caPath + ".missing" }.Validate(InfluxOptions.Section)));
        await stop.CancelAsync();
        await serving;
    }

    /// <summary>A TLS endpoint answering every request with 204, as InfluxDB's /ping does.</summary>
    private static async Task ServePingsAsync(TcpListener listener, X509Certificate2 certificate, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using (client)
            await using (var tls = new SslStream(client.GetStream()))
            {
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
                    var buffer = new byte[4096];
                    _ = await tls.ReadAsync(buffer, stop);
                    await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), stop);
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // the untrusting client hangs up during the handshake
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // the test finished before this handshake noticed the client had hung up
                    return;
                }
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
