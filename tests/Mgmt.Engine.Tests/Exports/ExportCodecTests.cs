using Mgmt.Engine.Exports;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Tests.Support;

namespace Mgmt.Engine.Tests.Exports;

public sealed class ExportCodecTests
{
    private static readonly ResourceRegistry Kinds = new ResourceRegistry().Register<RecorderResource>().Register<FileTestResource>();

    [Fact]
    public void A_resource_round_trips_with_its_parameters_and_meta()
    {
        var original = new RecorderResource
        {
            Name = "a name/with slashes",
            Value = "line one\nline \"two\"",
            Number = -42,
            FailOn = [3, 5],
            Meta = MetaParams.Default with { Hidden = true, Export = ["*"], Sema = ["lock:2"], Retry = 3 },
        };
        var payload = ExportCodec.Encode(original);
        Assert.DoesNotContain('\n', payload);

        var copy = ExportCodec.Decode(payload, Kinds);
        Assert.True(copy.SameAs(original), $"the decoded resource differs: {payload}");
    }

    [Fact]
    public void Unset_optional_parameters_stay_unset()
    {
        var file = new FileTestResource { Name = "f", Path = "/tmp/f" };
        var copy = (FileTestResource)ExportCodec.Decode(ExportCodec.Encode(file), Kinds);
        Assert.Null(copy.Content);
        Assert.Equal("/tmp/f", copy.Path);
    }

    [Theory]
    [InlineData("not json", "not a resource")]
    [InlineData("{\"kind\":\"nosuch\",\"name\":\"x\",\"params\":{}}", "nosuch")]
    [InlineData("{\"kind\":\"rec\",\"name\":\"x\",\"params\":{\"bogus\":{\"type\":\"str\",\"value\":\"1\"}}}", "bogus")]
    [InlineData("{\"kind\":\"rec\",\"name\":\"x\",\"params\":{\"value\":{\"type\":\"int\",\"value\":1}}}", "value")]
    public void Bad_payloads_are_refused_with_a_message(string payload, string mentioned)
    {
        var e = Assert.Throws<FormatException>(() => ExportCodec.Decode(payload, Kinds));
        Assert.Contains(mentioned, e.Message);
    }
}
