using Mgmt.World.Deploys;

namespace Mgmt.Cli.Tests.Deploys;

/// <summary>The canonical form a signature covers: one text per record, read back strictly.</summary>
public sealed class DeployRecordTests
{
    private static DeployRecord Sample(ulong id = 3) => new()
    {
        Id = id,
        Parent = id - 1,
        Time = new DateTimeOffset(2026, 12, 7, 21, 0, 0, 123, TimeSpan.Zero),
        Author = "alice@laptop",
        Kind = "lang",
        Entry = ".",
        Rollout = "sync",
        TimeoutSeconds = 30,
        Sema = 2,
        AutoGroup = false,
        GitCommit = "0123456789abcdef0123456789abcdef01234567",
        Files =
        [
            new DeployFile("files/a b.txt", new string('a', 64), 12),
            new DeployFile("main.mcl", new string('b', 64), 40),
        ],
    };

    [Fact]
    public void The_canonical_text_reads_back_as_the_same_record()
    {
        var record = Sample();
        var text = record.ToCanonicalText();
        var back = DeployRecord.Parse(text);
        Assert.Equal(text, back.ToCanonicalText());
        Assert.Equal(record.Files, back.Files);
        Assert.Equal((3UL, 2UL, "sync", 30, 2, false, true), (back.Id, back.Parent, back.Rollout, back.TimeoutSeconds, back.Sema, back.AutoGroup, back.AutoEdges));
        Assert.Equal(record.GitCommit, back.GitCommit);
        Assert.Contains("file " + new string('a', 64) + " 12 files/a b.txt\n", text);
    }

    [Theory]
    [InlineData("id 3\n", "id 4\n")] // a changed field: the parent no longer follows
    [InlineData("kind lang\n", "kind puppet\n")]
    [InlineData("noop false\n", "noop no\n")]
    [InlineData("mgmt-deploy 1\n", "mgmt-deploy 2\n")]
    [InlineData("main.mcl\n", "main.mcl\nextra line\n")]
    [InlineData("sema 2\n", "sema 02\n")] // same number, other text: not canonical
    [InlineData("rollout sync\n", "rollout  sync\n")]
    public void A_text_that_is_not_canonical_is_refused(string from, string to)
    {
        var text = Sample().ToCanonicalText().Replace(from, to, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => DeployRecord.Parse(text));
    }

    [Theory]
    [InlineData("lang", "../main.mcl")]
    [InlineData("lang", "/etc/site.mcl")]
    [InlineData("lang", "")]
    [InlineData("empty", "main.mcl")]
    public void An_entry_outside_the_deploy_cannot_be_written(string kind, string entry)
    {
        Assert.Throws<FormatException>(() => (Sample() with { Kind = kind, Entry = entry }).ToCanonicalText());
    }

    [Fact]
    public void Files_out_of_order_or_with_unsafe_paths_cannot_be_written()
    {
        Assert.Throws<FormatException>(() => (Sample() with { Files = [.. Sample().Files.Reverse()] }).ToCanonicalText());
        foreach (var path in new[] { "../etc/passwd", "/etc/passwd", "a//b", "a/./b", "line\nbreak" })
        {
            Assert.Throws<FormatException>(() => (Sample() with { Files = [new DeployFile(path, new string('c', 64), 1)] }).ToCanonicalText());
        }
    }

    [Fact]
    public void The_recorded_options_become_every_resource_s_meta_parameters()
    {
        var graph = new Mgmt.Engine.Graph.ResourceGraph { Name = "deploy" };
        var a = new Mgmt.Resources.NoopResource { Name = "a" };
        var b = new Mgmt.Resources.NoopResource { Name = "b" };
        graph.AddVertex(a);
        graph.AddVertex(b);
        var record = Sample() with { Noop = true, Sema = 3, AutoEdges = false, AutoGroup = false };
        Mgmt.Cli.Deploys.DeployFollower.Apply(record, graph);
        foreach (var r in new[] { a, b })
        {
            Assert.True(r.Meta.Noop);
            Assert.Equal([":3"], r.Meta.Sema);
            Assert.False(r.Meta.AutoEdge);
            Assert.False(r.Meta.AutoGroup);
        }

        var plain = new Mgmt.Resources.NoopResource { Name = "c" };
        var other = new Mgmt.Engine.Graph.ResourceGraph { Name = "plain" };
        other.AddVertex(plain);
        Mgmt.Cli.Deploys.DeployFollower.Apply(Sample() with { Sema = 0, AutoGroup = true }, other);
        Assert.Equal((false, true, true), (plain.Meta.Noop, plain.Meta.AutoEdge, plain.Meta.AutoGroup));
        Assert.Empty(plain.Meta.Sema);
    }
}
