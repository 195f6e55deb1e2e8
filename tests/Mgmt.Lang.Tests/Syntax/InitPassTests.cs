using Mgmt.Lang.Diagnostics;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class InitPassTests
{
    [Fact]
    public void A_parameter_set_twice_is_reported_on_the_resource()
    {
        var error = Mcl.FailsAt("test \"t\" {\n\tanotherstr => \"a\",\n\tanotherstr => \"b\",\n}\n", Phase.Init, "1:1-4:2");
        Assert.Contains("`anotherstr` is set twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conditional_and_a_plain_setting_of_one_parameter_also_clash()
    {
        Mcl.FailsAt("test \"t\" {\n\ta => $c ?: 1,\n\ta => 2,\n}\n", Phase.Init, "1:1-4:2");
    }

    [Fact]
    public void A_meta_parameter_set_twice_is_reported_on_the_resource()
    {
        var error = Mcl.FailsAt("test \"t\" {\n\tMeta:noop => false,\n\tMeta:noop => false,\n}\n", Phase.Init, "1:1-4:2");
        Assert.Contains("Meta:noop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_whole_meta_structs_are_left_for_later()
    {
        Mcl.Prepare("test \"t\" {\n\tMeta => struct{noop => true},\n\tMeta => struct{retry => 1},\n\tMeta:poll => 1,\n}\n");
    }

    [Fact]
    public void Edges_may_repeat()
    {
        Mcl.Prepare("test \"t\" {\n\tBefore => Test[\"a\"],\n\tBefore => Test[\"b\"],\n}\n");
    }

    [Fact]
    public void Unknown_meta_parameters_and_edge_properties_are_rejected()
    {
        var meta = Mcl.FailsAt("test \"t\" {\n\tMeta:nope => 1,\n}\n", Phase.Init, "2:2-2:17");
        Assert.Contains("noop", meta.Message, StringComparison.Ordinal); // lists the real ones
        var edge = Mcl.FailsAt("test \"t\" {\n\tAfter => Test[\"a\"],\n}\n", Phase.Init, "2:2-2:21");
        Assert.Contains("Before, Depend, Notify or Listen", edge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_underscore_inside_a_resource_kind_is_fine()
    {
        // As in the reference, only a leading underscore is kept for internal kinds (ssh:authorized_key is a kind).
        Mcl.Prepare("ssh:authorized_key \"x\" {}\nmy_kind \"y\" {}\n");
    }

    [Fact]
    public void A_repeated_literal_map_key_is_reported_on_the_map()
    {
        var error = Mcl.FailsAt("$m = {\"k1\" => 42, \"k2\" => 13, \"k1\" => 4}\n", Phase.Init, "1:6-1:41");
        Assert.Contains("\"k1\"", error.Message, StringComparison.Ordinal);
        Mcl.FailsAt("$m = {1 => 1, 2 => 2, 1 => 3}\n", Phase.Init, "1:6-1:30");
        Mcl.FailsAt("$m = {true => 1, true => 3}\n", Phase.Init, "1:6-1:28");
    }

    [Fact]
    public void Keys_given_by_variables_are_not_compared()
    {
        Mcl.Prepare("$m = {$a => 1, $a => 2}\n");
    }

    [Fact]
    public void Literal_map_keys_must_share_one_type()
    {
        var error = Mcl.FailsAt("$m = {\"k1\" => 42, 13 => true}\n", Phase.Init, "1:6-1:30");
        Assert.Contains("str and int", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_and_map_keys_are_not_hashable()
    {
        var error = Mcl.FailsAt("$m = {$k1 => 42, [\"x\", \"y\"] => 13}\n", Phase.Init, "1:6-1:35");
        Assert.Contains("[]str", error.Message, StringComparison.Ordinal);
        Mcl.FailsAt("$m = {{1 => 2} => 3}\n", Phase.Init, "1:6-1:21");
        Mcl.Prepare("$m = {struct{a => 1} => 3}\n");
    }

    [Fact]
    public void A_struct_value_field_given_twice_is_reported_on_the_struct()
    {
        Mcl.FailsAt("$s = struct{x => 0, x => 1}\n", Phase.Init, "1:6-1:28");
    }

    [Fact]
    public void Parameter_names_are_unique()
    {
        Mcl.FailsAt("$f = func($a, $a) { $a }\n", Phase.Init, "1:15-1:17");
        Mcl.FailsAt("func f($a, $b, $a) { $a }\n", Phase.Init, "1:16-1:18");
        Mcl.FailsAt("class c($a, $a) {\n}\n", Phase.Init, "1:13-1:15");
    }

    [Fact]
    public void Imports_are_not_allowed_in_loop_bodies()
    {
        const string loop = "for $i, $v in $l {\n\timport \"thing.mcl\"\n}\n";
        var error = Mcl.FailsAt(loop, Phase.Init, "1:1-3:2");
        Assert.Contains("`for`", error.Message, StringComparison.Ordinal);
        Mcl.FailsAt("forkv $k, $v in $m {\n\tif true {\n\t\timport \"fmt\"\n\t}\n}\n", Phase.Init, "1:1-5:2");
        Mcl.Prepare("class c {\n\timport \"fmt\"\n}\n"); // classes may import
    }

    [Fact]
    public void Init_errors_come_in_source_order()
    {
        // The map inside the name is checked before the resource's own entries, as the reference does.
        Mcl.FailsAt("test {1 => \"a\", 1 => \"b\"} {\n\ta => 1,\n\ta => 1,\n}\n", Phase.Init, "1:6-1:26");
    }
}
