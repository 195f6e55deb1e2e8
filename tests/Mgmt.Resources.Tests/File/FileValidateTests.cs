using Mgmt.Engine.Resources;

namespace Mgmt.Resources.Tests.FileResources;

public sealed class FileValidateTests
{
    private static string Error(Action<FileResource> configure, string name = "/tmp/x")
    {
        var r = new FileResource { Name = name };
        configure(r);
        return Assert.Throws<ResourceValidationException>(r.Validate).Message;
    }

    private static void Valid(Action<FileResource> configure, string name = "/tmp/x")
    {
        var r = new FileResource { Name = name };
        configure(r);
        r.Validate();
    }

    [Fact]
    public void ContentSourceAndFragmentsAreMutuallyExclusive()
    {
        Assert.Contains("mutually exclusive", Error(r => { r.Content = "x"; r.Source = "/etc/hosts"; }));
        Assert.Contains("mutually exclusive", Error(r => { r.Content = ""; r.Fragments = ["/a"]; }));
        Assert.Contains("mutually exclusive", Error(r => { r.Source = "/a"; r.Fragments = ["/b"]; }));
    }

    [Fact]
    public void PathsMustBeAbsolute()
    {
        Assert.Contains("must be absolute", Error(_ => { }, "relative/path"));
        Assert.Contains("path is empty", Error(_ => { }, ""));
        Assert.Contains("must end with a slash", Error(r => r.Dirname = "/etc"));
        Assert.Contains("must not start with a slash", Error(r => r.Basename = "/x"));
        Assert.Contains("fragment 'rel'", Error(r => r.Fragments = ["rel"]));
        Assert.Contains("source 'rel'", Error(r => r.Source = "rel"));
    }

    [Fact]
    public void DirnameAndBasenameOverrideThePath()
    {
        Assert.Equal("/etc/x", new FileResource { Name = "/tmp/x", Dirname = "/etc/" }.FullPath);
        Assert.Equal("/tmp/y", new FileResource { Name = "/tmp/x", Basename = "y" }.FullPath);
        Assert.Equal("/a/b/", new FileResource { Name = "n", Dirname = "/a/", Basename = "b/" }.FullPath);
        Assert.Equal("/p", new FileResource { Name = "ignored", Path = "/p" }.FullPath);
    }

    [Fact]
    public void StateMustBeKnown()
    {
        Assert.Contains("state 'present' is not valid", Error(r => r.State = "present"));
        Assert.Contains("cannot have content", Error(r => { r.State = "absent"; r.Content = "x"; }));
    }

    [Fact]
    public void DirectoriesAndSourcesMustAgree()
    {
        Assert.Contains("cannot have content", Error(r => r.Content = "x", "/tmp/d/"));
        Assert.Contains("both be directories", Error(r => r.Source = "/src/", "/tmp/file"));
        Assert.Contains("needs recurse", Error(r => r.Source = "/src/", "/tmp/d/"));
        Assert.Contains("recurse cannot be used", Error(r => { r.Source = "/src"; r.Recurse = true; }));
        Assert.Contains("purge needs recurse", Error(r => r.Purge = true, "/tmp/d/"));
        Assert.Contains("purge works on directories", Error(r => { r.Purge = true; r.Recurse = true; }));
        Valid(r => { r.Source = "/src/"; r.Recurse = true; r.Purge = true; }, "/tmp/d/");
    }

    [Fact]
    public void SymlinksHaveTheirOwnRules()
    {
        Assert.Contains("needs source", Error(r => { r.Symlink = true; r.State = "exists"; }));
        Assert.Contains("must not end with a slash", Error(r => { r.Symlink = true; r.Source = "/x"; }, "/tmp/d/"));
        Assert.Contains("no mode", Error(r => { r.Symlink = true; r.Source = "/x"; r.Mode = "0644"; }));
        Valid(r => { r.Symlink = true; r.Source = "relative/target"; r.State = "exists"; });
        Valid(r => { r.Symlink = true; r.State = "absent"; });
    }

    [Fact]
    public void ModesAreCheckedWithoutTouchingTheDisk()
    {
        Assert.Contains("octal number", Error(r => r.Mode = "rw-r--r--"));
        Valid(r => r.Mode = "u=rw,go=r");
        Valid(r => r.Mode = "0644");
    }

    [Fact]
    public void AFileInsideItsOwnFragmentDirectoryIsRefused() =>
        Assert.Contains("inside its own fragment", Error(r => r.Fragments = ["/tmp/"]));
}
