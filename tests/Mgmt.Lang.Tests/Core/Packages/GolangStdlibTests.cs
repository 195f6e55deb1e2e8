using Mgmt.Lang.Functions;
using static Mgmt.Lang.Tests.Core.Support.Harness;

namespace Mgmt.Lang.Tests.Core.Packages;

public sealed class GolangStdlibTests
{
    [Fact]
    public void ConformanceTrimSpace() => Assert.Equal(S("x"), Call("golang/strings.trim_space", S(" x\n")));

    [Theory]
    [InlineData("index", "chicken", "ken", 4L)]
    [InlineData("index", "éa", "a", 2L)]
    [InlineData("last_index", "go gopher", "go", 3L)]
    [InlineData("index_any", "golang", "ny", 4L)]
    [InlineData("count", "cheese", "e", 3L)]
    [InlineData("count", "five", "", 5L)]
    [InlineData("compare", "a", "b", -1L)]
    public void StringsIndexesCountBytes(string fn, string s, string t, long expected) =>
        Assert.Equal(I(expected), Call("golang/strings." + fn, S(s), S(t)));

    [Fact]
    public void StringsTransforms()
    {
        Assert.Equal(S("oink oink oink"), Call("golang/strings.replace", S("oink oink oink"), S("k"), S("ky"), I(0)));
        Assert.Equal(S("oinky oinky oink"), Call("golang/strings.replace", S("oink oink oink"), S("k"), S("ky"), I(2)));
        Assert.Equal(S("Her Royal Highness"), Call("golang/strings.title", S("her royal highness")));
        Assert.Equal(S("Hello, Gophers"), Call("golang/strings.trim", S("¡¡¡Hello, Gophers!!!"), S("!¡")));
        Assert.Equal(S("Hello, Gophers!!!"), Call("golang/strings.trim_left", S("¡¡¡Hello, Gophers!!!"), S("!¡")));
        Assert.Equal(S("a,b"), Call("golang/strings.join", Mgmt.Engine.Values.Value.StrList(["a", "b"]), S(",")));
        Assert.Equal(B(true), Call("golang/strings.equal_fold", S("Go"), S("GO")));
        Assert.Throws<FunctionException>(() => Call("golang/strings.repeat", S("x"), I(-1)));
    }

    [Fact]
    public void Strconv()
    {
        Assert.Equal(S("-ff"), Call("golang/strconv.format_int", I(-255), I(16)));
        Assert.Equal(S("\"\\u263a\""), Call("golang/strconv.quote_to_ascii", S("☺")));
        Assert.Equal(S("\"☺\""), Call("golang/strconv.quote", S("☺")));
        Assert.Equal(S("tab\there"), Call("golang/strconv.unquote", S("\"tab\\there\"")));
        Assert.Equal(S("raw\\n"), Call("golang/strconv.unquote", S("`raw\\n`")));
        Assert.Equal(S("\"a\\\"b\""), Call("golang/strconv.quoted_prefix", S("\"a\\\"b\" rest")));
        Assert.Equal(B(false), Call("golang/strconv.can_backquote", S("a`b")));
        Assert.Equal(I(42), Call("golang/strconv.atoi", S("42")));
        Assert.Throws<FunctionException>(() => Call("golang/strconv.atoi", S("4x")));
        Assert.Throws<FunctionException>(() => Call("golang/strconv.unquote", S("\"open")));
    }

    [Fact]
    public void Math()
    {
        Assert.Equal(F(3), Call("golang/math.round", F(2.5)));
        Assert.Equal(F(2), Call("golang/math.round_to_even", F(2.5)));
        Assert.Equal(F(0), Call("golang/math.dim", F(1), F(3)));
        Assert.Equal(F(100), Call("golang/math.pow_10", I(2)));
        Assert.Equal(B(true), Call("golang/math.is_inf", F(double.NegativeInfinity), I(-1)));
        Assert.Equal(B(true), Call("golang/math.signbit", F(-0.0)));
        Assert.Equal(I(3), Call("golang/math.ilogb", F(8)));
        Assert.Throws<FunctionException>(() => Call("golang/math/rand.intn", I(0)));
        var n = Call("golang/math/rand.intn", I(10)).AsInt();
        Assert.InRange(n, 0, 9);
    }

    [Theory]
    [InlineData("clean", "a//b/./c/../d/", "a/b/d")]
    [InlineData("clean", "/../x", "/x")]
    [InlineData("clean", "", ".")]
    [InlineData("base", "/a/b/", "b")]
    [InlineData("base", "", ".")]
    [InlineData("dir", "/a/b/c", "/a/b")]
    [InlineData("dir", "c", ".")]
    [InlineData("ext", "/a/b.tar.gz", ".gz")]
    public void Paths(string fn, string path, string expected) => Assert.Equal(S(expected), Call("golang/path." + fn, S(path)));

    [Theory]
    [InlineData("/a/b", "/a/b/c/d", "c/d")]
    [InlineData("/a/b/c", "/a/x", "../../x")]
    [InlineData("a", "a", ".")]
    public void RelativePaths(string from, string to, string expected) => Assert.Equal(S(expected), Call("golang/path/filepath.rel", S(from), S(to)));

    [Fact]
    public void FilepathExtras()
    {
        Assert.Throws<FunctionException>(() => Call("golang/path/filepath.rel", S("/a"), S("b")));
        Assert.Equal(B(true), Call("golang/path/filepath.is_local", S("a/b")));
        Assert.Equal(B(false), Call("golang/path/filepath.is_local", S("../a")));
        Assert.Equal(S("/etc"), Call("golang/path/filepath.eval_symlinks", S("/etc")));
    }

    [Fact]
    public void HostAndHtml()
    {
        Assert.Equal(S("&lt;b&gt;&amp;&#39;&#34;"), Call("golang/html.escape_string", S("<b>&'\"")));
        Assert.Equal(S("<b>"), Call("golang/html.unescape_string", S("&lt;b&gt;")));
        Assert.Equal(I(Environment.ProcessId), Call("golang/os.getpid"));
        Assert.Equal(S("/bin/sh"), Call("golang/os/exec.look_path", S("/bin/sh")));
        Assert.EndsWith("/sh", Call("golang/os/exec.look_path", S("sh")).AsStr());
        Assert.Throws<FunctionException>(() => Call("golang/os/exec.look_path", S("no-such-program-mgmt")));
        Environment.SetEnvironmentVariable("MGMT_EXPAND_TEST", "v");
        Assert.Equal(S("a-v-v-"), Call("golang/os.expand_env", S("a-$MGMT_EXPAND_TEST-${MGMT_EXPAND_TEST}-$MGMT_UNSET_VAR_X")));
        var dir = Call("golang/os.mkdir_temp", S(""), S("mgmt-*-test")).AsStr();
        Assert.True(Directory.Exists(dir));
        Directory.Delete(dir);
    }
}
