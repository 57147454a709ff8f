namespace StreamAe.Detector.Tests.Deployment;

/// <summary>
/// Compose's own validation of the files (no Docker engine needed for `config`). test.sh installs Debian's
/// docker-compose when it is missing; without it these tests fail rather than skip.
/// </summary>
public sealed class ComposeValidationTests
{
    [Fact]
    public void Compose_accepts_the_stack()
    {
        var (exitCode, _, errors) = ExternalTool.Run("docker-compose", ["-f", ComposeFile.MainPath, "config", "-q"], RepositoryFiles.Root);

        Assert.True(exitCode == 0, errors);
    }

    [Fact]
    public void Compose_accepts_the_stack_with_the_gpu_override()
    {
        var (exitCode, _, errors) = ExternalTool.Run(
            "docker-compose", ["-f", ComposeFile.MainPath, "-f", ComposeFile.GpuOverridePath, "config", "-q"], RepositoryFiles.Root);

        Assert.True(exitCode == 0, errors);
    }

    [Fact]
    public void Compose_lists_the_services_it_would_start()
    {
        var (exitCode, output, errors) = ExternalTool.Run("docker-compose", ["-f", ComposeFile.MainPath, "config", "--services"], RepositoryFiles.Root);

        Assert.True(exitCode == 0, errors);
        Assert.Equal(ComposeFile.Stack().ServiceNames.Order(), output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
