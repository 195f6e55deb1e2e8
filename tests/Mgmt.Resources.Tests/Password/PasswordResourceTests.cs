using Mgmt.Engine.Resources;
using Mgmt.Resources.Tests.Support;

namespace Mgmt.Resources.Tests.Password;

/// <summary>The password resource: generation, sending, saving in its real state directory, refresh and recovery.</summary>
public sealed class PasswordResourceTests
{
    private static string Sent(TestResourceContext context) => context.Sent["password"].AsStr();

    private static string SavedFile(TestResourceContext context) => Path.Combine(context.VarDir("password"), "password");

    [Fact]
    public async Task Makes_a_password_of_letters_sends_it_and_keeps_it_in_memory_only()
    {
        await using var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 40 });
        Assert.False(await h.CheckApplyAsync());
        var first = Sent(h.Context);
        Assert.Equal(40, first.Length);
        Assert.All(first, c => Assert.Contains(c, PasswordResource.Alphabet));
        Assert.True(await h.CheckApplyAsync());
        Assert.Equal(first, Sent(h.Context));
        Assert.False(File.Exists(SavedFile(h.Context)));
        // The secret is never logged.
        Assert.DoesNotContain(h.Context.Log.Lines, l => l.Contains(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_saved_password_survives_a_restart_and_a_refresh_replaces_it()
    {
        using var context = new TestResourceContext();
        string first;
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 12, Saved = true }, context))
        {
            Assert.False(await h.CheckApplyAsync());
            first = Sent(context);
            Assert.Equal(first + "\n", await File.ReadAllTextAsync(SavedFile(context), TestContext.Current.CancellationToken));
            Assert.Equal(0x180u, Mgmt.Platform.Files.Posix.TryStat(SavedFile(context))!.Value.Permissions);
        }
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 12, Saved = true }, context))
        {
            Assert.True(await h.CheckApplyAsync());
            Assert.Equal(first, Sent(context));
            context.Refresh = true;
            Assert.False(await h.CheckApplyAsync());
            context.Refresh = false;
            Assert.NotEqual(first, Sent(context));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_damaged_saved_password_fails_unless_recovery_is_on()
    {
        using var context = new TestResourceContext();
        await File.WriteAllTextAsync(SavedFile(context), "short\n", TestContext.Current.CancellationToken);
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 8, Saved = true }, context))
        {
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => h.CheckApplyAsync());
            Assert.Contains("check_recovery", e.Message);
        }
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 8, Saved = true, CheckRecovery = true }, context))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.Equal(8, Sent(context).Length);
        }
    }

    [Fact]
    public async Task Turning_saved_off_removes_the_copy_on_disk()
    {
        using var context = new TestResourceContext();
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 8, Saved = true }, context))
        {
            await h.ConvergeAsync();
        }
        await using (var h = await ResourceHarness<PasswordResource>.StartAsync(new PasswordResource { Name = "p", Length = 8 }, context))
        {
            Assert.False(await h.CheckApplyAsync());
            Assert.False(File.Exists(SavedFile(context)));
            Assert.True(await h.CheckApplyAsync());
        }
    }

    [Fact]
    public async Task A_saved_password_deleted_while_the_agent_runs_is_made_again()
    {
        var password = new PasswordResource { Name = "p", Length = 16, Saved = true };
        await using var run = await GraphRun.StartAsync(password);
        await run.CheckedAsync("password", "p");
        var saved = Directory.EnumerateFiles(run.StateDirectory, "password", SearchOption.AllDirectories).Single();
        // Deleted several times in a row: each deletion must wake the watch, whatever the check was doing then.
        for (var round = 0; round < 5; round++)
        {
            File.Delete(saved);
            await run.EventuallyAsync(() => File.Exists(saved), $"the saved password to be written again (round {round})");
            Assert.Equal(17, new FileInfo(saved).Length);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void The_length_must_fit(long length) =>
        Assert.Throws<ResourceValidationException>(() => new PasswordResource { Name = "p", Length = length }.Validate());
}
