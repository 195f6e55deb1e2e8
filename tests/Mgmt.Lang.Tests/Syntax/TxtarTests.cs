using System.Text;
using Mgmt.Conformance;

namespace Mgmt.Lang.Tests.Syntax;

public sealed class TxtarTests
{
    [Fact]
    public void Members_follow_marker_lines_and_the_comment_comes_first()
    {
        var archive = Txtar.Parse("a comment\n-- main.mcl --\n$x = 1\n--   OUTPUT   --\nVertex: test[x]\n");
        Assert.Equal("a comment\n", archive.CommentText);
        Assert.Equal(["main.mcl", "OUTPUT"], archive.Files.Select(f => f.Name));
        Assert.Equal("$x = 1\n", archive.Find("main.mcl")!.Text);
        Assert.Equal("Vertex: test[x]\n", archive.Find("OUTPUT")!.Text);
        Assert.Null(archive.Find("CONFIG"));
    }

    [Fact]
    public void Non_empty_data_gets_a_final_newline_and_empty_data_stays_empty()
    {
        var archive = Txtar.Parse("-- a --\n-- b --\nno newline");
        Assert.Empty(archive.Files[0].Data);
        Assert.Equal("no newline\n", archive.Files[1].Text);
        Assert.Empty(archive.Comment);
    }

    [Fact]
    public void Markers_count_only_at_line_starts_and_need_both_dashes_and_a_name()
    {
        var archive = Txtar.Parse("-- a --\nx -- b --\n-- c\n--  --\n-- d --\r\ny\n");
        Assert.Equal(["a", "d"], archive.Files.Select(f => f.Name));
        Assert.Equal("x -- b --\n-- c\n--  --\n", archive.Files[0].Text);
        Assert.Equal("y\n", archive.Files[1].Text);
    }

    [Fact]
    public void Data_is_kept_byte_exact()
    {
        var data = Encoding.UTF8.GetBytes("-- f --\n\tcafé\r\n  trailing  \n");
        var file = Txtar.Parse(data).Files.Single();
        Assert.Equal(Encoding.UTF8.GetBytes("\tcafé\r\n  trailing  \n"), file.Data);
    }

    [Fact]
    public void Any_text_is_an_archive()
    {
        var archive = Txtar.Parse("just text");
        Assert.Empty(archive.Files);
        Assert.Equal("just text\n", archive.CommentText);
        Assert.Empty(Txtar.Parse("").Files);
    }

    [Fact]
    public void Archives_are_read_from_files()
    {
        var path = Path.Combine(Path.GetTempPath(), $"txtar-{Guid.NewGuid():N}.txtar");
        try
        {
            File.WriteAllText(path, "-- main.mcl --\n$x = 1\n");
            Assert.Equal("$x = 1\n", Txtar.Read(path).Find("main.mcl")!.Text);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
