using Mgmt.Engine.Resources;
using Mgmt.Engine.Reversals;
using Mgmt.Engine.Runtime;
using Mgmt.Engine.Tests.Support;
using Mgmt.Engine.Values;

namespace Mgmt.Engine.Tests;

public sealed class ReversalTests
{
    private static readonly MetaParams Reverse = MetaParams.Default with { Reverse = true };

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_created_file_is_removed_when_its_resource_leaves_the_graph()
    {
        await using var h = new Harness();
        var path = Path.Combine(h.Root, "created.txt");
        await h.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "new", Meta = Reverse }));
        await Harness.Eventually(() => File.Exists(path), "the file to be created");
        var record = Assert.Single(Directory.GetFiles(Path.Combine(h.Options.StateDirectory, ".engine", "reversals")));
        // A record may hold the old content of what it undoes: its owner alone may read it.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record));

        await h.Commit(Harness.Graph());
        await Harness.Eventually(() => !File.Exists(path), "the reversal to remove the file");
        await Harness.Eventually(() => Directory.GetFiles(Path.Combine(h.Options.StateDirectory, ".engine", "reversals")).Length == 0, "the record to be deleted");

        // Once done, the reversal is not applied again: the next graph drops it, and the one after does not
        // bring it back.
        await h.Commit(Harness.Graph());
        Assert.Empty(h.Engine.Status());
        File.WriteAllText(path, "someone else's file");
        await h.Commit(Harness.Graph());
        Assert.Empty(h.Engine.Status());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_changed_file_gets_its_old_content_back_even_after_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("mgmt-engine-test-").FullName;
        try
        {
            var state = Path.Combine(dir, "state");
            var path = Path.Combine(dir, "existing.txt");
            File.WriteAllText(path, "original");
            await using (var first = new Harness(o => o with { StateDirectory = state }))
            {
                await first.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "managed", Meta = Reverse }));
                await Harness.Eventually(() => File.ReadAllText(path) == "managed", "the file to be managed");
            }

            // A new engine (a restart) whose first graph lacks the file: the record is read back with the registry.
            var registry = new ResourceRegistry().Register<FileTestResource>();
            await using var second = new Harness(o => o with { StateDirectory = state, Registry = registry });
            await second.Commit(Harness.Graph());
            await Harness.Eventually(() => File.ReadAllText(path) == "original", "the original content to come back");
            Assert.Equal([path], second.Engine.Status().Select(s => s.Name));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_first_recorded_state_is_kept_while_the_reversal_is_pending()
    {
        await using var h = new Harness();
        var path = Path.Combine(h.Root, "f.txt");
        File.WriteAllText(path, "v0");
        await h.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "v1", Meta = Reverse }));
        await Harness.Eventually(() => File.ReadAllText(path) == "v1", "v1");
        // A changed resource is a new vertex, but the record still says v0.
        await h.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "v2", Meta = Reverse }));
        await Harness.Eventually(() => File.ReadAllText(path) == "v2", "v2");
        await h.Commit(Harness.Graph());
        await Harness.Eventually(() => File.ReadAllText(path) == "v0", "v0 to come back");
    }

    [Fact]
    public async Task Without_Meta_reverse_nothing_is_recorded()
    {
        await using var h = new Harness();
        var path = Path.Combine(h.Root, "plain.txt");
        await h.Commit(Harness.Graph(new FileTestResource { Name = path, Path = path, Content = "x" }));
        await Harness.Eventually(() => File.Exists(path), "the file");
        await h.Commit(Harness.Graph());
        Assert.Empty(h.Engine.Status());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Records_round_trip_every_kind_of_value()
    {
        var t = DataType.Parse("struct{a []int; b map{str: float}; c bool}");
        var value = new StructValue((StructType)t, [
            Value.List(DataType.Int, [Value.Int(1), Value.Int(-2)]),
            new MapValue(DataType.Map(DataType.Str, DataType.Float), [KeyValuePair.Create<Value, Value>(Value.Str("x"), Value.Float(double.PositiveInfinity))]),
            Value.Bool(true),
        ]);
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) ValueJson.Write(w, value);
        using var doc = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        Assert.Equal(value, ValueJson.Read(doc.RootElement, t));

        var r = new FileTestResource { Name = "n", Path = "/p", Content = "c\n\"q\"", Meta = MetaParams.Default with { Sema = ["a:2"], Retry = -1 } };
        using var record = System.Text.Json.JsonDocument.Parse(ResourceRecord.Write(r));
        var back = (FileTestResource)ResourceRecord.Read(record.RootElement, _ => r.Descriptor);
        Assert.True(back.SameAs(r));
        Assert.Equal(r.Meta, back.Meta);
    }
}
