using Mgmt.Engine.Resources;

namespace Mgmt.Engine.Tests;

public sealed class MetaProblemTests
{
    [Fact]
    public void Every_mistake_is_listed_with_its_setting_and_validate_throws_the_first()
    {
        var meta = MetaParams.Default with { Timeout = -1, Delay = -5, Sema = ["ok", "db:0", "x:y"], Limit = 3 };
        var problems = meta.FindProblems();
        Assert.Equal([("delay", null), ("timeout", null), ("burst", null), ("sema", 1), ("sema", (int?)2)],
            problems.Select(p => (p.Field, p.Index)));
        var e = Assert.Throws<ResourceValidationException>(meta.Validate);
        Assert.Equal(problems[0].Message, e.Message);
    }

    [Fact]
    public void A_valid_combination_has_no_problems()
    {
        var meta = MetaParams.Default with { Retry = -1, Poll = -1, Limit = 2, Burst = 1, Sema = ["a", "b:3"], Export = ["*", "h-1.example"] };
        Assert.Empty(meta.FindProblems());
        Assert.Empty(meta.FindExportProblems());
        meta.Validate();
    }

    [Fact]
    public void Bad_export_targets_are_listed_by_position_and_are_not_part_of_validate()
    {
        var meta = MetaParams.Default with { Export = ["good", "bad host", "", "*"] };
        Assert.Equal([1, 2], meta.FindExportProblems().Select(p => p.Index!.Value));
        Assert.All(meta.FindExportProblems(), p => Assert.Equal("export", p.Field));
        meta.Validate();
    }

    [Theory]
    [InlineData("$f", false, true)]
    [InlineData("$f", true, false)]
    [InlineData("a$f", false, false)]
    public void A_dollar_name_is_refused_unless_meta_dollar(string name, bool dollar, bool refused)
    {
        Assert.Equal(refused, (MetaParams.Default with { Dollar = dollar }).RefusesName(name));
    }
}
