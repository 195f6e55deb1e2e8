using IO = System.IO;

namespace Mgmt.Resources.Tests.FileResources;

/// <summary>A file resource removes the temporary files that a killed writer left next to its file.</summary>
public sealed class FileLeftoverTests : FileTestBase
{
    [Fact]
    public async Task The_first_applying_check_removes_the_leftovers_of_its_own_file_only()
    {
        var path = Dir["f"];
        IO.File.WriteAllText(path, "hello\n");
        var mine = Dir[".f.0123456789ab.mgmt-tmp"];
        var other = Dir[".g.0123456789ab.mgmt-tmp"];
        IO.File.WriteAllText(mine, "hal");
        IO.File.WriteAllText(other, "hal");

        // The file is right: removing leftovers is housekeeping, not a change of the managed state.
        Assert.True(await ApplyOnce(File(path, r => r.Content = "hello\n")));

        Assert.False(IO.File.Exists(mine));
        Assert.True(IO.File.Exists(other));
        Assert.Equal("hello\n", IO.File.ReadAllText(path));
    }

    [Fact]
    public async Task A_check_in_noop_mode_removes_nothing()
    {
        var path = Dir["f"];
        var mine = Dir[".f.0123456789ab.mgmt-tmp"];
        IO.File.WriteAllText(mine, "hal");
        Assert.False(await ApplyOnce(File(path, r => { r.State = "exists"; r.Content = "x"; }), apply: false));
        Assert.True(IO.File.Exists(mine));
    }
}
