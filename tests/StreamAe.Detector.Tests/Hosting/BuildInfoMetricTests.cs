using StreamAe.Detector.Hosting;

namespace StreamAe.Detector.Tests.Hosting;

public sealed class BuildInfoMetricTests
{
    [Fact]
    public void A_build_from_a_git_checkout_names_its_commit_apart_from_the_version()
    {
        var labels = BuildInfoMetric.LabelsOf("0.1.0+232976ca947ea4c9078cdab9fc0d25ed896bdbbd", "cuda").ToDictionary();

        Assert.Equal("0.1.0", labels["version"]);
        Assert.Equal("232976ca947ea4c9078cdab9fc0d25ed896bdbbd", labels["commit"]);
        Assert.Equal("cuda", labels["torch_backend"]);
        Assert.Equal(Environment.Version.ToString(), labels["runtime"]);
    }

    [Fact]
    public void A_build_without_a_commit_omits_the_label()
    {
        var labels = BuildInfoMetric.LabelsOf("0.1.0", "cpu").ToDictionary();

        Assert.Equal(["version", "torch_backend", "runtime"], labels.Keys);
        Assert.Equal("0.1.0", labels["version"]);
    }
}
