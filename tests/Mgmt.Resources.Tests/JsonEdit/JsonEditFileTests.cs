using System.Text.Json.Nodes;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.JsonEdit;

/// <summary>json:edit on real files: edits, what they leave alone, atomic rewrites, and the watch.</summary>
public sealed class JsonEditFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sets_nested_members_making_missing_objects_deletes_one_and_keeps_the_rest_mode_and_owner()
    {
        var path = _dir["doc.json"];
        await File.WriteAllTextAsync(path, """{"z": 1, "svc": {"ports": [80, 443], "legacy": true}, "n": 1.50}""", Ct);
        Posix.Chmod(path, 0x1A0);
        await using var h = await ResourceHarness<JsonEditResource>.StartAsync(new JsonEditResource
        {
            Name = "e", Store = "file://" + path,
            Edits = [".svc.labels.region = \"ca\"", ".[\"host-01.example\"][\"state\"] = {\"ok\": true}", "del(.svc.legacy)", "del(.not.there)"],
        });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(await h.CheckApplyAsync());
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;
        Assert.Equal("ca", (string)doc["svc"]!["labels"]!["region"]!);
        Assert.True((bool)doc["host-01.example"]!["state"]!["ok"]!);
        Assert.Null(doc["svc"]!["legacy"]);
        Assert.Equal(1, (int)doc["z"]!);
        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.Contains("1.50", text); // numbers are kept as written
        Assert.Contains("\n\t\"z\"", text); // tabs, members in their order
        Assert.Equal(0x1A0u, Posix.TryStat(path)!.Value.Permissions);
        Assert.True(await h.CheckApplyAsync());
    }

    [Fact]
    public async Task An_edit_made_by_someone_else_is_seen_and_undone()
    {
        var path = _dir["w.json"];
        await File.WriteAllTextAsync(path, "{}", Ct);
        await using var h = await ResourceHarness<JsonEditResource>.StartAsync(new JsonEditResource { Name = path, Edits = [".a = 1"] }, watch: true);
        await h.ConvergeAsync();
        h.Context.DrainEvents();
        await File.WriteAllTextAsync(path, """{"a": 2, "b": 3}""", Ct);
        Assert.True(await h.Context.WaitForEventAsync());
        Assert.Equal(1, await h.ConvergeAsync());
        var doc = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!;
        Assert.Equal(1, (int)doc["a"]!);
        Assert.Equal(3, (int)doc["b"]!);
    }

    [Theory]
    [InlineData("", "does not exist")]
    [InlineData("[1, 2]", "array")]
    [InlineData("{\"a\": ", "valid JSON")]
    [InlineData("{\"a\": 1, \"a\": 2}", "twice")]
    [InlineData("{\"a\": 5}", "not a JSON object")]
    public async Task Documents_it_cannot_edit_are_errors_that_change_nothing(string content, string expected)
    {
        var path = _dir["bad.json"];
        if (content.Length > 0) await File.WriteAllTextAsync(path, content, Ct);
        await using var h = await ResourceHarness<JsonEditResource>.StartAsync(new JsonEditResource { Name = path, Edits = [".a.b = 1"] });
        var e = await Assert.ThrowsAnyAsync<Exception>(() => h.CheckApplyAsync());
        Assert.Contains(expected, e.Message);
        if (content.Length > 0) Assert.Equal(content, await File.ReadAllTextAsync(path, Ct));
    }

    [Theory]
    [InlineData("a = 1", "starts with `.`")]
    [InlineData(".a 1", "expected `=`")]
    [InlineData(".a = ", "missing")]
    [InlineData(".a = {", "not one JSON value")]
    [InlineData(".a = 1 2", "not one JSON value")]
    [InlineData(".[\"\"] = 1", "empty")]
    [InlineData(".[1] = 1", "JSON string")]
    [InlineData("del(.a", "`)`")]
    [InlineData(".1a = 1", "member name")]
    public void Bad_edits_are_refused_at_validation(string edit, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new JsonEditResource { Name = "/tmp/x.json", Edits = [edit] }.Validate());
        Assert.Contains(expected, e.Message);
        Assert.Contains("edit #0", e.Message);
    }

    [Theory]
    [InlineData("relative.json", "neither an absolute path nor a URI")]
    [InlineData("http:///x", "scheme")]
    [InlineData("etcd://host/key", "host")]
    [InlineData("etcd:///", "no key")]
    [InlineData("etcd:///a//b", "empty part")]
    [InlineData("file:///tmp/x?y", "query")]
    public void Bad_stores_are_refused_at_validation(string store, string expected)
    {
        var e = Assert.Throws<ResourceValidationException>(() => new JsonEditResource { Name = "n", Store = store, Edits = [".a = 1"] }.Validate());
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void No_edits_is_a_mistake() =>
        Assert.Contains("empty", Assert.Throws<ResourceValidationException>(() => new JsonEditResource { Name = "/tmp/x.json" }.Validate()).Message);
}
