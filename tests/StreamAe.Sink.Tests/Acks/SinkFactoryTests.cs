using StreamAe.Sink.File;
using StreamAe.Sink.Influx;
using StreamAe.Sink.Tests.LineProtocol;
using StreamAe.Sink.Tests.Support;
using StreamAe.TestSupport.Influx;

namespace StreamAe.Sink.Tests.Acks;

public sealed class SinkFactoryTests(InfluxFixture influx) : IClassFixture<InfluxFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-factory-").FullName;

    [Fact]
    public async Task Influx_and_file_outputs_both_hold_every_window_before_it_is_acknowledged()
    {
        var model = TestData.UniqueModel("fanout");
        var path = Path.Combine(_directory, "out.lp");
        var options = new SinkOptions
        {
            Influx = new InfluxOptions { Url = influx.Url.ToString(), Database = influx.Database, BatchSize = 16, MaxDelayMs = 10 },
            File = new FileOutputOptions { Path = path, BatchSize = 16, MaxDelayMs = 10 },
            FileMode = FileOutputMode.On,
        };
        var tokens = Enumerable.Range(0, 50).Select(i => new RecordingToken(i)).ToArray();
        await using (var sink = SinkFactory.Create(options))
        {
            Assert.Equal(["influx_v1", "file"], sink.Outputs.Select(o => o.Name));
            await sink.StartAsync();
            foreach (var token in tokens)
            {
                await sink.WriteAsync(TestData.Scored("s", model, token.Id, token));
            }
            await sink.FlushAsync();
        }

        Assert.All(tokens, t => Assert.Equal(1, t.Count));
        Assert.Equal(50, (await influx.QueryRowsAsync($"SELECT score FROM streamae_score WHERE model = '{model}'")).Count);
        Assert.Equal(50, LineProtocolParser.Parse(System.IO.File.ReadAllBytes(path)).Count);
    }

    [Fact]
    public async Task Without_influx_the_file_is_the_only_output()
    {
        var options = new SinkOptions { File = new FileOutputOptions { Path = Path.Combine(_directory, "default.lp") } };

        await using var sink = SinkFactory.Create(options);

        Assert.Equal(["file"], sink.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Invalid_options_name_the_offending_keys()
    {
        var options = new SinkOptions
        {
            Influx = new InfluxOptions { Url = "ftp://nowhere", BatchSize = 0 },
        };

        var failure = Assert.Throws<ArgumentException>(() => SinkFactory.Create(options));

        Assert.Contains("Sink:Influx:Url", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Sink:Influx:BatchSize", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
