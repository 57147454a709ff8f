using StreamAe.Sink.File;
using StreamAe.Sink.Points;
using StreamAe.Sink.Tests.JsonLines;
using StreamAe.Sink.Tests.LineProtocol;
using StreamAe.Sink.Tests.Support;

namespace StreamAe.Sink.Tests.File;

public sealed class FileOutputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("streamae-file-sink-").FullName;

    [Fact]
    public async Task Files_rotate_by_size_and_together_hold_every_point_once_in_order()
    {
        var path = Path.Combine(_directory, "scores.lp");
        var tokens = Enumerable.Range(0, 400).Select(i => new RecordingToken(i)).ToArray();
        int rotations;
        await using (var output = new FileOutput(new FileOutputOptions { Path = path, MaxFileBytes = 4096, MaxRotatedFiles = 100, BatchSize = 10, MaxDelayMs = 5 }))
        {
            foreach (var token in tokens)
            {
                await output.WriteAsync(TestData.Scored("ecg 7", "dense", token.Id), null, token, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);
            Assert.All(tokens, t => Assert.Equal(1, t.Count));
            rotations = output.Rotations;
        }

        var files = Directory.GetFiles(_directory).Order(StringComparer.Ordinal).ToList();
        Assert.True(rotations > 5, $"expected several rotations, got {rotations}");
        Assert.Equal(rotations + 1, files.Count);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 4096));
        // Oldest first: path.N … path.1, then the live file.
        var ordered = Enumerable.Range(1, rotations).Reverse().Select(i => $"{path}.{i}").Append(path).ToList();
        var points = ordered.SelectMany(f => LineProtocolParser.Parse(System.IO.File.ReadAllBytes(f))).ToList();
        Assert.Equal(tokens.Select(t => TestData.Scored("ecg 7", "dense", t.Id).Window.EndMs), points.Select(p => p.Timestamp));
        Assert.All(points, p => Assert.Equal(StreamAeSchema.ScoreMeasurement, p.Measurement));
    }

    [Fact]
    public async Task Points_keep_the_input_order_while_size_timer_idle_input_and_a_free_writer_all_seal_batches()
    {
        // Tiny batches and a 1 ms delay make every sealing path race: a full batch handed over by the appending
        // thread, a due batch by the timer, the open batch by a writer that just finished or by an idle input.
        for (var run = 0; run < 20; run++)
        {
            var path = Path.Combine(_directory, $"order-{run}.lp");
            await using (var output = new FileOutput(new FileOutputOptions { Path = path, BatchSize = 3, MaxDelayMs = 1, Fsync = false }))
            {
                for (var i = 0; i < 500; i++)
                {
                    await output.WriteAsync(TestData.Scored("s", "m", i), null, null, CancellationToken.None);
                    if (i % 7 == 0)
                    {
                        await output.InputIdleAsync(CancellationToken.None);
                    }
                }
                await output.FlushAsync(CancellationToken.None);
            }
            var written = LineProtocolParser.Parse(System.IO.File.ReadAllBytes(path)).Select(p => p.Timestamp);
            Assert.Equal(Enumerable.Range(0, 500).Select(i => TestData.Scored("s", "m", i).Window.EndMs), written);
        }
    }

    [Fact]
    public async Task Only_the_configured_number_of_rotated_files_is_kept()
    {
        var path = Path.Combine(_directory, "kept.lp");
        await using (var output = new FileOutput(new FileOutputOptions { Path = path, MaxFileBytes = 4096, MaxRotatedFiles = 2, BatchSize = 10, MaxDelayMs = 5 }))
        {
            for (var i = 0; i < 300; i++)
            {
                await output.WriteAsync(TestData.Scored("s", "m", i), null, null, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);
            Assert.True(output.Rotations > 2);
        }

        Assert.Equal([path, $"{path}.1", $"{path}.2"], Directory.GetFiles(_directory).Order(StringComparer.Ordinal));
        var newest = LineProtocolParser.Parse(System.IO.File.ReadAllBytes(path));
        Assert.Equal(TestData.Scored("s", "m", 299).Window.EndMs, newest[^1].Timestamp);
    }

    [Fact]
    public async Task Restarting_appends_to_the_live_file()
    {
        var path = Path.Combine(_directory, "append.lp");
        var options = new FileOutputOptions { Path = path, BatchSize = 100, MaxDelayMs = 5 };
        for (var run = 0; run < 2; run++)
        {
            await using var output = new FileOutput(options);
            await output.WriteAsync(TestData.Scored("s", "m", run), null, null, CancellationToken.None);
        }

        Assert.Equal(2, LineProtocolParser.Parse(System.IO.File.ReadAllBytes(path)).Count);
    }

    [Fact]
    public async Task Json_lines_files_rotate_and_parse_back_to_exactly_the_points_written()
    {
        var path = Path.Combine(_directory, "scores.jsonl");
        string[] series = ["ecg 7,lead=\"II\"", "line\nbreak", "tab\tback\\slash}", "é😀 \u2028"];
        var random = new Random(5);
        var windows = Enumerable.Range(0, 300)
            .Select(i => TestData.Scored(series[i % series.Length], "dense v2", i, new RecordingToken(i),
                score: random.NextDouble() * Math.Pow(10, random.Next(-12, 12)), anomaly: i % 7 == 0))
            .ToList();
        var options = new FileOutputOptions
        {
            Path = path, Format = PointFormat.JsonLines, Precision = TimestampPrecision.Microseconds,
            MaxFileBytes = 4096, MaxRotatedFiles = 100, BatchSize = 10, MaxDelayMs = 5,
        };
        int rotations;
        await using (var output = new FileOutput(options))
        {
            foreach (var scored in windows)
            {
                await output.WriteAsync(scored, null, scored.Window.Delivery, CancellationToken.None);
            }
            await output.FlushAsync(CancellationToken.None);
            Assert.All(windows, w => Assert.Equal(1, ((RecordingToken)w.Window.Delivery!).Count));
            rotations = output.Rotations;
        }

        Assert.True(rotations > 5, $"expected several rotations, got {rotations}");
        Assert.All(Directory.GetFiles(_directory), f => Assert.InRange(new FileInfo(f).Length, 1, 4096));
        var ordered = Enumerable.Range(1, rotations).Reverse().Select(i => $"{path}.{i}").Append(path);
        var points = ordered.SelectMany(f => JsonLinesParser.Parse(System.IO.File.ReadAllBytes(f))).ToList();
        var expected = windows.Select(w => new ParsedPoint(
            StreamAeSchema.ScoreMeasurement,
            [new("model", "dense v2"), new("series", w.Window.Series)],
            [new("anomaly", w.Anomaly), new("score", w.Score), new("threshold", w.Threshold), new("window_start", w.Window.StartMs)],
            w.Window.EndMs * 1000)).ToList();
        PointAssert.Equal(expected, points);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
