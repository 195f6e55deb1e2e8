using Mgmt.Cli.FrontEnds.Puppet.Catalog;

namespace Mgmt.Cli.Tests.Puppet;

/// <summary>
/// Ordering and refresh between the leaves of a catalog, with puppet apply's container semantics, on hand-written
/// catalogs (no Puppet needed).
/// </summary>
public sealed class CatalogRelationshipsTests
{
    private static CatalogRelationships Build(CatalogJson json)
    {
        var catalog = CompiledCatalog.Parse(json.Build());
        return CatalogRelationships.Build(catalog, new CatalogIndex(catalog));
    }

    private static CatalogJson MainStage() => new CatalogJson().Container("Stage", "main").Container("Class", "main").Contains("Stage[main]", "Class[main]");

    [Fact]
    public void A_resource_that_requires_a_class_waits_for_everything_in_it_and_contained_classes_too()
    {
        var json = MainStage()
            .Container("Class", "Web").Contains("Stage[main]", "Class[Web]")
            .Leaf("File", "/a").Contains("Class[Web]", "File[/a]")
            .Container("Class", "Web::Inner").Contains("Class[Web]", "Class[Web::Inner]")
            .Leaf("File", "/b").Contains("Class[Web::Inner]", "File[/b]")
            .Leaf("Exec", "after", new { require = "Class[Web]" }).Contains("Class[main]", "Exec[after]");
        var edges = Build(json).Edges;
        Assert.Equal([("File[/a]", "Exec[after]", false), ("File[/b]", "Exec[after]", false)], edges.OrderBy(e => e.From).ToList());
    }

    [Fact]
    public void Notifying_a_class_refreshes_every_resource_in_it_and_a_class_notifies_when_any_member_changed()
    {
        var json = MainStage()
            .Container("Class", "Svc").Contains("Stage[main]", "Class[Svc]")
            .Leaf("Service", "s").Contains("Class[Svc]", "Service[s]")
            .Leaf("Exec", "e").Contains("Class[Svc]", "Exec[e]")
            .Leaf("File", "/conf", new { notify = new[] { "Class[Svc]" } }).Contains("Class[main]", "File[/conf]")
            .Leaf("Exec", "tail", new { subscribe = "Class[Svc]" }).Contains("Class[main]", "Exec[tail]");
        var edges = Build(json).Edges.ToHashSet();
        Assert.Contains(("File[/conf]", "Service[s]", true), edges);
        Assert.Contains(("File[/conf]", "Exec[e]", true), edges);
        Assert.Contains(("Service[s]", "Exec[tail]", true), edges);
        Assert.Contains(("Exec[e]", "Exec[tail]", true), edges);
        Assert.Equal(4, edges.Count);
    }

    [Fact]
    public void Ordering_passes_through_an_empty_defined_type_but_refresh_does_not()
    {
        var json = MainStage()
            .Container("Demo::Empty", "x", kind: "defined_type").Contains("Class[main]", "Demo::Empty[x]")
            .Leaf("File", "/a", new { notify = "Demo::Empty[x]" }).Contains("Class[main]", "File[/a]")
            .Leaf("Exec", "b", new { subscribe = "Demo::Empty[x]" }).Contains("Class[main]", "Exec[b]");
        Assert.Equal([("File[/a]", "Exec[b]", false)], Build(json).Edges);
    }

    [Fact]
    public void Before_and_require_order_notify_and_subscribe_also_refresh()
    {
        var json = MainStage()
            .Leaf("File", "/a", new { before = "Exec[b]", notify = new[] { "Exec[c]" } }).Contains("Class[main]", "File[/a]")
            .Leaf("Exec", "b", new { require = new[] { "Exec[d]" } }).Contains("Class[main]", "Exec[b]")
            .Leaf("Exec", "c").Contains("Class[main]", "Exec[c]")
            .Leaf("Exec", "d", new { subscribe = "File[/a]" }).Contains("Class[main]", "Exec[d]");
        var edges = Build(json).Edges.ToHashSet();
        Assert.Equal(new HashSet<(string, string, bool)>
        {
            ("File[/a]", "Exec[b]", false), ("File[/a]", "Exec[c]", true), ("Exec[d]", "Exec[b]", false), ("File[/a]", "Exec[d]", true),
        }, edges);
    }

    [Fact]
    public void A_reference_by_name_path_or_alias_finds_the_resource_and_an_unknown_one_is_reported()
    {
        var json = MainStage()
            .Leaf("File", "config", new { path = "/etc/app.conf" }).Contains("Class[main]", "File[config]")
            .Leaf("Package", "web", new { name = "nginx", alias = "webserver" }).Contains("Class[main]", "Package[web]")
            .Leaf("Exec", "e", new { require = new[] { "File[/etc/app.conf]", "Package[webserver]", "Package[nginx]", "File[/nope]" } }, line: 7)
            .Contains("Class[main]", "Exec[e]");
        var graph = Build(json);
        Assert.Equal(new HashSet<(string, string, bool)> { ("File[config]", "Exec[e]", false), ("Package[web]", "Exec[e]", false) }, graph.Edges.ToHashSet());
        var (at, reference) = Assert.Single(graph.Unresolved);
        Assert.Equal("Exec[e]", at.Ref);
        Assert.Equal("File[/nope]", reference);
    }

    [Fact]
    public void Stages_order_all_their_classes()
    {
        var json = MainStage()
            .Container("Stage", "pre", new { before = "Stage[main]" })
            .Container("Class", "Repo").Contains("Stage[pre]", "Class[Repo]")
            .Leaf("File", "/repo").Contains("Class[Repo]", "File[/repo]")
            .Leaf("Package", "p").Contains("Class[main]", "Package[p]");
        Assert.Equal([("File[/repo]", "Package[p]", false)], Build(json).Edges);
    }
}
