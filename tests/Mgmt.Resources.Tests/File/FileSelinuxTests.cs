using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.FileResources;

/// <summary>
/// selinux: the security.selinux extended attribute of a real file. Without an SELinux kernel the attribute is still
/// stored as is by the file system (as root), which is what these tests read back.
/// </summary>
public sealed class FileSelinuxTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string? Label(string path) => Posix.TryGetXattr(path, "security.selinux") is { } raw ? Encoding.UTF8.GetString(raw).TrimEnd('\0') : null;

    [Fact]
    public async Task Sets_changes_and_removes_the_context()
    {
        Assert.SkipUnless(Posix.EffectiveUid == 0, "setting security.* attributes needs root");
        var path = _dir["labelled"];
        await using (var h = await ResourceHarness<FileResource>.StartAsync(new FileResource { Name = path, State = "exists", Content = "x", Selinux = "system_u:object_r:etc_t:s0" }))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Equal("system_u:object_r:etc_t:s0", Label(path));
            Posix.SetXattr(path, "security.selinux", "system_u:object_r:tmp_t:s0\0"u8);
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Equal("system_u:object_r:etc_t:s0", Label(path));
        }
        await using (var h = await ResourceHarness<FileResource>.StartAsync(new FileResource { Name = path, State = "exists", Selinux = "" }))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            Assert.Null(Label(path));
        }
    }

    [Fact]
    public void An_absent_file_has_no_context_to_set() =>
        Assert.Contains("selinux", Assert.Throws<ResourceValidationException>(() => new FileResource { Name = "/tmp/x", State = "absent", Selinux = "a" }.Validate()).Message);
}
