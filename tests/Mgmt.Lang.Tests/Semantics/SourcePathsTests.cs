using Mgmt.Lang.Files;
using static Mgmt.Lang.Tests.Semantics.SemanticsHarness;

namespace Mgmt.Lang.Tests.Semantics;

/// <summary>What the compiler tells about the files it read, for front ends that follow edits.</summary>
public sealed class SourcePathsTests
{
    private static MemorySourceFiles Program(string lib = "$greeting = \"hi\"\n") => Tree(
        "import \"lib/util.mcl\"\nimport \"mod/\"\nprobe [$util.greeting] {}\n",
        ("/lib/util.mcl", lib),
        ("/mod/main.mcl", "$x = 1\n"));

    [Fact]
    public void Every_file_read_or_looked_for_is_listed()
    {
        var p = Check(Program());
        // The entry's metadata.yaml and the module's were looked for (and are absent); the rest was read.
        Assert.Equal(["/lib/util.mcl", "/main.mcl", "/metadata.yaml", "/mod/main.mcl", "/mod/metadata.yaml"], p.SourcePaths);
    }

    [Fact]
    public void The_digest_tells_the_same_sources_from_changed_ones()
    {
        var digest = Check(Program()).SourceDigest;
        Assert.Equal(digest, Check(Program()).SourceDigest);
        Assert.NotEqual(digest, Check(Program("$greeting = \"hello\"\n")).SourceDigest);

        // A file that was looked for and appears changes the sources too, even when nothing reads it yet.
        var withMetadata = Program();
        withMetadata.Add("/mod/metadata.yaml", "main: main.mcl\n");
        Assert.NotEqual(digest, Check(withMetadata).SourceDigest);
    }

    [Fact]
    public void The_program_keeps_the_plain_file_tree()
    {
        var files = Program();
        Assert.Same(files, Check(files).Files);
    }
}
