using System.Text.RegularExpressions;

namespace StreamAe.Detector.Tests.Deployment;

public sealed class DockerfileTests
{
    [Theory]
    [InlineData("docker/Dockerfile", "cpu")]
    [InlineData("docker/Dockerfile.cuda", "cuda")]
    public void Image_publishes_the_executable_for_its_torch_backend_with_the_native_fix_forced(string dockerfile, string backend)
    {
        var text = Instructions(dockerfile);

        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_SDK_VERSION\} AS build$", text.First(line => line.StartsWith("FROM", StringComparison.Ordinal)));
        var publish = Assert.Single(text, line => line.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/Cli -c Release -r linux-x64 --self-contained false", publish);
        Assert.Contains($"-p:TorchBackend={backend}", publish);
        Assert.Contains("-p:TorchNativeFix=always", publish);
        Assert.Contains("-o /app", publish);
        Assert.Contains("-p:SourceRevisionId=${SOURCE_COMMIT}", publish);
        Assert.Contains("ARG SOURCE_COMMIT=", text);
        var restore = Assert.Single(text, line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        Assert.Contains($"-r linux-x64 -p:TorchBackend={backend}", restore);
    }

    [Theory]
    [InlineData("docker/Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void Image_runs_the_daemon_as_a_non_root_user(string dockerfile)
    {
        var runtime = RuntimeStage(dockerfile);

        var user = Assert.Single(runtime, line => line.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"^USER (root|0)(:|$)", user);
        Assert.Equal("ENTRYPOINT [\"/app/streamae\"]", Assert.Single(runtime, line => line.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Equal("CMD [\"run\"]", Assert.Single(runtime, line => line.StartsWith("CMD", StringComparison.Ordinal)));
        Assert.Contains("COPY --from=build /data /data", runtime);
        Assert.Contains("EXPOSE 9400", runtime);
    }

    [Theory]
    [InlineData("docker/Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void The_working_directory_is_the_state_directory_the_user_owns_so_relative_outputs_can_be_written(string dockerfile)
    {
        var runtime = RuntimeStage(dockerfile);

        Assert.Equal("WORKDIR /var/lib/streamae", runtime.Last(line => line.StartsWith("WORKDIR", StringComparison.Ordinal)));
        Assert.Contains(runtime, line => line.StartsWith("RUN", StringComparison.Ordinal) && line.Contains("chown", StringComparison.Ordinal)
            && line.Contains("/var/lib/streamae", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("docker/Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void Dotnet_images_are_pinned_to_a_patch_version(string dockerfile)
    {
        var text = RepositoryFiles.Read(dockerfile);

        Assert.Matches(@"ARG DOTNET_SDK_VERSION=\d+\.\d+\.\d+\n", text);
        Assert.Matches(@"ARG DOTNET_RUNTIME_VERSION=\d+\.\d+\.\d+\n", text);
    }

    [Fact]
    public void Cpu_image_runs_on_the_aspnet_runtime_and_cuda_image_on_a_cuda_base()
    {
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", RuntimeStage("docker/Dockerfile")[0]);
        Assert.Equal("FROM ${CUDA_IMAGE} AS runtime", RuntimeStage("docker/Dockerfile.cuda")[0]);
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:12\.[0-9.]+-cudnn-runtime-ubuntu24\.04", RepositoryFiles.Read("docker/Dockerfile.cuda"));
    }

    [Theory]
    [InlineData("docker/Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void Restore_layer_copies_every_source_project(string dockerfile)
    {
        // A project missing from the restore layer breaks the image build as soon as the executable references it.
        var copied = Instructions(dockerfile)
            .Select(line => Regex.Match(line, @"^COPY (src/\S+\.csproj) "))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .Order();
        var projects = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryFiles.Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order();

        Assert.Equal(projects, copied);
    }

    [Theory]
    [InlineData("docker/Dockerfile")]
    [InlineData("docker/Dockerfile.cuda")]
    public void Build_context_ignore_file_sends_sources_but_not_build_outputs(string dockerfile)
    {
        var patterns = RepositoryFiles.Read(dockerfile + ".dockerignore").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();

        Assert.Equal("*", patterns[0]);
        Assert.Contains("!src/", patterns);
        Assert.Contains("!build/", patterns);
        Assert.Contains("!Directory.Packages.props", patterns);
        Assert.Equal(new[] { "**/bin/", "**/obj/" }, patterns.TakeLast(2));
    }

    [Theory]
    [InlineData("docker/Dockerfile", "DEMO_DATA")]
    [InlineData("docker/Dockerfile", "TRAIN_DATA")]
    [InlineData("docker/Dockerfile.cuda", "DEMO_DATA")]
    [InlineData("docker/Dockerfile.cuda", "TRAIN_DATA")]
    public void Image_ships_ecg_data_that_is_in_the_repository(string dockerfile, string argument)
    {
        var path = Regex.Match(RepositoryFiles.Read(dockerfile), $@"^ARG {argument}=(\S+)$", RegexOptions.Multiline);

        Assert.True(path.Success, $"{dockerfile} has no {argument} default");
        Assert.True(File.Exists(RepositoryFiles.PathOf(path.Groups[1].Value)), $"{path.Groups[1].Value} is not in the repository");
    }

    [Fact]
    public void Compose_trains_and_replays_the_files_the_image_ships()
    {
        var shipped = Regex.Matches(RepositoryFiles.Read("docker/Dockerfile"), @"> (/data/\S+\.tsv)").Select(match => match.Groups[1].Value).ToList();
        var compose = ComposeFile.Stack();

        Assert.Equal(2, shipped.Count);
        Assert.Contains(Regex.Match(compose.Service("model-init")["command"].Joined, @"--data (\S+)").Groups[1].Value, shipped);
        Assert.Contains(Regex.Match(compose.Service("producer")["command"].Joined, @"--data (\S+)").Groups[1].Value, shipped);
    }

    /// <summary>The Dockerfile's instructions, one a line (continuations joined, comments dropped).</summary>
    private static List<string> Instructions(string dockerfile)
    {
        var joined = Regex.Replace(RepositoryFiles.Read(dockerfile), @"\\\n\s*", " ");
        return joined.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
    }

    private static List<string> RuntimeStage(string dockerfile)
    {
        var instructions = Instructions(dockerfile);
        return instructions.SkipWhile(line => !(line.StartsWith("FROM", StringComparison.Ordinal) && line.EndsWith(" AS runtime", StringComparison.Ordinal))).ToList();
    }
}
