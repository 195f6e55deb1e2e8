using Mgmt.Engine.Resources;
using Mgmt.Platform.Files;
using Mgmt.Platform.Users;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.SshAuthorizedKey;

/// <summary>The ssh:authorized_key resource on real files, checked by ssh-keygen reading them back.</summary>
public sealed class SshAuthorizedKeyResourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adds_the_entry_built_from_its_parts_making_the_ssh_directory_and_giving_both_to_the_user()
    {
        var nobody = Accounts.FindUser("nobody")!;
        Directory.CreateDirectory(_dir["home"]);
        var file = _dir["home/.ssh/authorized_keys"];
        var key = SshKeys.Make(_dir.Path, "ed25519", "ignored").Split(' ');
        await using var h = await ResourceHarness<SshAuthorizedKeyResource>.StartAsync(new SshAuthorizedKeyResource
        {
            Name = "k", File = file, User = "nobody", State = "exists",
            Type = "ssh-ed25519", Key = key[1], Comment = "admin@box", Options = ["no-pty", "command=\"echo hi, there\""],
        });
        Assert.False(await h.CheckApplyAsync(apply: false));
        Assert.False(Directory.Exists(_dir["home/.ssh"]));
        Assert.Equal(1, await h.ConvergeAsync());
        Assert.Equal($"no-pty,command=\"echo hi, there\" ssh-ed25519 {key[1]} admin@box\n", await File.ReadAllTextAsync(file, Ct));
        Assert.Contains("admin@box (ED25519)", SshKeys.Fingerprints(file));
        var directory = Posix.TryStat(_dir["home/.ssh"])!.Value;
        Assert.Equal(0x1C0u, directory.Permissions);
        Assert.Equal(nobody.Uid, directory.Uid);
        Assert.Equal(nobody.Uid, Posix.TryStat(file)!.Value.Uid);
    }

    [Fact]
    public async Task Leaves_other_entries_alone_and_removes_its_own_when_absent()
    {
        var file = _dir["authorized_keys"];
        var other = SshKeys.Make(_dir.Path, "rsa", "other@box");
        var mine = SshKeys.Make(_dir.Path, "ecdsa", "me@box");
        await File.WriteAllTextAsync(file, other + "\n", Ct);
        await using (var h = await ResourceHarness<SshAuthorizedKeyResource>.StartAsync(new SshAuthorizedKeyResource { Name = "x", File = file, Content = "  " + mine + "  ", State = "exists" }))
        {
            await h.ConvergeAsync();
        }
        Assert.Equal(other + "\n" + mine + "\n", await File.ReadAllTextAsync(file, Ct));
        await using (var h = await ResourceHarness<SshAuthorizedKeyResource>.StartAsync(new SshAuthorizedKeyResource { Name = mine, File = file, State = "absent" }, watch: true))
        {
            Assert.Equal(1, await h.ConvergeAsync());
            h.Context.DrainEvents();
            await File.AppendAllTextAsync(file, mine + "\n", Ct);
            Assert.True(await h.Context.WaitForEventAsync());
            Assert.Equal(1, await h.ConvergeAsync());
        }
        Assert.Equal(other + "\n", await File.ReadAllTextAsync(file, Ct));
        Assert.Contains("other@box (RSA)", SshKeys.Fingerprints(file));
    }

    [Fact]
    public void Validation_refuses_mixed_forms_and_bad_keys()
    {
        var key = SshKeys.Make(_dir.Path, "ed25519", "c");
        Assert.Contains("content", Invalid(new() { Name = "k", File = "/tmp/k", State = "exists", Content = key, Comment = "x" }));
        Assert.Contains("together", Invalid(new() { Name = "k", File = "/tmp/k", State = "exists", Type = "ssh-ed25519" }));
        Assert.Contains("state", Invalid(new() { Name = key, File = "/tmp/k", State = "present" }));
        Assert.Contains("'ssh-ed25519'", Invalid(new() { Name = "k", File = "/tmp/k", State = "exists", Type = "ssh-rsa", Key = key.Split(' ')[1] }));
        Assert.Contains("not a valid user", Invalid(new() { Name = key, State = "exists", User = "Bad User" }));
    }

    [Fact]
    public void The_file_defaults_to_the_user_s_and_edges_follow_the_user()
    {
        var r = new SshAuthorizedKeyResource { Name = "k", User = "alice", State = "exists" };
        Assert.Equal("~alice/.ssh/authorized_keys", r.EffectiveFile);
        Assert.Contains(new ResourceUid("user", "alice"), r.AutoEdges().SelectMany(s => s.Candidates));
        Assert.Equal("~/.ssh/authorized_keys", new SshAuthorizedKeyResource { Name = "k" }.EffectiveFile);
    }

    private static string Invalid(SshAuthorizedKeyResource r) => Assert.Throws<ResourceValidationException>(r.Validate).Message;
}
