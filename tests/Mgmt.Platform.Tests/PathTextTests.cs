using Mgmt.Platform.Files;

namespace Mgmt.Platform.Tests;

public sealed class PathTextTests
{
    [Theory]
    [InlineData("/a//b/./c/../", "/a/b")]
    [InlineData("/", "/")]
    [InlineData("//", "/")]
    [InlineData("/../x", "/x")]
    [InlineData("/a/.", "/a")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("/a/.b/..c", "/a/.b/..c")]
    [InlineData("a/b", "/a/b")]
    public void CleanRemovesNoise(string path, string expected) => Assert.Equal(expected, PathText.Clean(path));

    [Theory]
    [InlineData("/")]
    [InlineData("/tmp/files/f000001")]
    public void CleanGivesAnAlreadyCleanPathBackAsItIs(string path) => Assert.Same(path, PathText.Clean(path));

    [Theory]
    [InlineData("/a/b", "/a/")]
    [InlineData("/a/b/", "/a/")]
    [InlineData("/a", "/")]
    [InlineData("/", "/")]
    public void DirnameKeepsTheTrailingSlash(string path, string expected) => Assert.Equal(expected, PathText.Dirname(path));

    [Theory]
    [InlineData("/a/b", "b")]
    [InlineData("/a/b/", "b/")]
    public void BasenameMarksDirectories(string path, string expected) => Assert.Equal(expected, PathText.Basename(path));

    [Fact]
    public void AncestorsGoFromNearestToRoot() =>
        Assert.Equal(["/a/b/", "/a/", "/"], PathText.Ancestors("/a/b/c").ToArray());

    [Theory]
    [InlineData("/a/b/c", "/a/b", true)]
    [InlineData("/a/b", "/a/b/", true)]
    [InlineData("/a/bc", "/a/b", false)]
    [InlineData("/x", "/", true)]
    public void HasPrefixWorksOnWholeComponents(string path, string prefix, bool expected) =>
        Assert.Equal(expected, PathText.HasPrefix(path, prefix));
}
