using System.Text;
using Mgmt.Engine.Changes;

namespace Mgmt.Engine.Tests.Changes;

public sealed class UnifiedDiffTests
{
    private static string Diff(string before, string after) =>
        UnifiedDiff.Create("/etc/x", Encoding.UTF8.GetBytes(before), true, Encoding.UTF8.GetBytes(after), true);

    [Fact]
    public void Distant_changes_make_separate_hunks_with_three_lines_of_context()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var now = old.Replace("line 2\n", "line two\n").Replace("line 18\n", "");
        Assert.Equal(
            "--- /etc/x\n+++ /etc/x\n" +
            "@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n" +
            "@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20",
            Diff(old, now));
    }

    [Fact]
    public void A_new_file_is_diffed_against_nothing_and_a_missing_final_newline_is_said()
    {
        Assert.Equal("--- /dev/null\n+++ /etc/x\n@@ -0,0 +1,2 @@\n+a\n+b\n(no newline at the end)",
            UnifiedDiff.Create("/etc/x", [], false, "a\nb"u8, true));
    }

    [Fact]
    public void Binary_and_huge_content_is_described_not_diffed()
    {
        Assert.StartsWith("(binary content; 3 bytes, sha256 ", UnifiedDiff.Create("f", [0, 1, 2], true, "text"u8, true));
        var huge = new byte[UnifiedDiff.MaxInputBytes + 1];
        huge.AsSpan().Fill((byte)'a');
        Assert.StartsWith("(not diffed: larger than 1024 KiB;", UnifiedDiff.Create("f", huge, true, "a"u8, true));
    }

    [Fact]
    public void A_long_diff_is_cut_and_says_how_much_is_left()
    {
        var now = string.Concat(Enumerable.Range(1, 500).Select(i => $"{i}\n"));
        var diff = Diff("", now);
        Assert.EndsWith("(300 more diff lines not shown)", diff);
        Assert.Equal(UnifiedDiff.MaxLines + 4, diff.Split('\n').Length);
    }
}
