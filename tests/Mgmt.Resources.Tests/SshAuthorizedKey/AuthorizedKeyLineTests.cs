using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.SshAuthorizedKey;

/// <summary>Parsing and checking authorized_keys entries, with keys made by the real ssh-keygen.</summary>
public sealed class AuthorizedKeyLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Real_keys_parse_and_keep_their_form(string type)
    {
        var key = SshKeys.Make(_dir.Path, type, "someone@example");
        var parsed = AuthorizedKeyLine.Parse(key);
        Assert.Equal(key, parsed.ToString());
        Assert.Equal("someone@example", parsed.Comment);
    }

    [Fact]
    public void Options_with_quoted_commas_and_spaces_are_kept_whole()
    {
        var key = SshKeys.Make(_dir.Path, "ed25519", "c");
        var line = AuthorizedKeyLine.Parse($"no-pty,command=\"echo a, b\",from=\"10.0.0.1\"   {key}");
        Assert.Equal(["no-pty", "command=\"echo a, b\"", "from=\"10.0.0.1\""], line.Options);
        Assert.Equal($"no-pty,command=\"echo a, b\",from=\"10.0.0.1\" {key}", line.ToString());
    }

    [Fact]
    public void Damaged_or_mislabelled_keys_are_refused_with_the_reason()
    {
        var key = SshKeys.Make(_dir.Path, "ed25519", "c").Split(' ');
        var rsa = SshKeys.Make(_dir.Path, "rsa", "c").Split(' ');
        Assert.Contains("truncated", Refused($"ssh-ed25519 {key[1][..40]}"));
        Assert.Contains("base64", Refused("ssh-ed25519 not*base64"));
        Assert.Contains("'ssh-rsa'", Refused($"ssh-ed25519 {rsa[1]}"));
        Assert.Contains("comment", Refused("# ssh-ed25519 AAAA"));
        Assert.Contains("empty", Refused("   "));
        Assert.Contains("not a key type", Refused("no-pty ssh-foo " + Convert.ToBase64String("\0\0\0\u0003foo"u8)));
        Assert.Contains("quote", Refused($"command=\"x {key[0]} {key[1]}"));
    }

    private static string Refused(string line) => Assert.Throws<ResourceValidationException>(() => AuthorizedKeyLine.Parse(line)).Message;
}
