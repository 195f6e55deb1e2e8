namespace Mgmt.Bench.Tests;

public sealed class SamplesTests
{
    [Fact]
    public void PercentilesAreNearestRank()
    {
        var samples = new Samples();
        for (var i = 100; i >= 1; i--) samples.Add(i);

        Assert.Equal(50, samples.Median);
        Assert.Equal(99, samples.Percentile(99));
        Assert.Equal(100, samples.Percentile(100));
        Assert.Equal(1, samples.Percentile(0));
        Assert.Equal(1, samples.Min);
        Assert.Equal(100, samples.Max);
    }

    [Fact]
    public void OneSampleIsEveryPercentile()
    {
        var samples = new Samples();
        samples.Add(0.25);

        Assert.Equal(0.25, samples.Percentile(50));
        Assert.Equal(0.25, samples.Percentile(99));
    }

    [Fact]
    public void NoSamplesIsAnError() => Assert.Throws<InvalidOperationException>(() => new Samples().Median);
}
