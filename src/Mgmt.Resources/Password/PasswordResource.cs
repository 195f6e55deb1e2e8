using System.Security.Cryptography;
using System.Text;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Files;
using Microsoft.Extensions.Logging;

namespace Mgmt.Resources;

/// <summary>
/// <c>password</c>: a random password of <see cref="Length"/> ASCII letters, sent to other resources as
/// <c>password</c> (<c>Password["name"].password -> File["/etc/secret"].content</c>). A refresh from a parent makes a
/// new one. With <see cref="Saved"/> it is kept in the resource's state directory (mode 0600) and survives restarts;
/// without, it lives in memory only and a restarted agent makes a new one.
/// </summary>
/// <remarks>
/// The password never appears in a log line. A saved password that was damaged (wrong length, a character outside the
/// alphabet) is an error unless <see cref="CheckRecovery"/> is set, which replaces it. Turning <see cref="Saved"/> off
/// removes the saved copy. See docs/resources/password.md.
/// </remarks>
[ResourceKind("password")]
[Sends("password", "str")]
public sealed class PasswordResource : Resource, IRefreshable, ISendable
{
    /// <summary>The characters a password is made of (as in the reference: ASCII letters only).</summary>
    public const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private string? _path;
    private string? _inMemory;

    /// <summary>The number of characters, from 1 to 65535.</summary>
    [Param("length")]
    public long Length { get; set; } = 64;

    /// <summary>Keep the password (in the clear, readable by root only) so that it survives restarts.</summary>
    [Param("saved")]
    public bool Saved { get; set; }

    /// <summary>Replace a damaged saved password with a new one instead of failing.</summary>
    [Param("check_recovery")]
    public bool CheckRecovery { get; set; }

    public override void Validate()
    {
        if (Length is < 1 or > ushort.MaxValue) throw new ResourceValidationException($"length is {Length}: a password has 1 to {ushort.MaxValue} characters");
    }

    public override async Task InitAsync(IResourceContext context)
    {
        await base.InitAsync(context).ConfigureAwait(false);
        _path = System.IO.Path.Combine(context.VarDir("password"), "password");
    }

    public override Task WatchAsync(CancellationToken cancel) =>
        new SystemWatch().File(SavedPath).RunAsync(Context, "the saved password", cancel);

    private string SavedPath => _path ?? throw new InvalidOperationException($"{this} used before Init");

    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var stored = ReadSaved();
        string? current;
        bool fresh;
        if (Saved)
        {
            var damaged = stored is not null && Problem(stored) is not null;
            if (damaged && !CheckRecovery)
            {
                throw new InvalidDataException($"the saved password of {this} is damaged ({Problem(stored!)}): set check_recovery => true to replace it with a new one");
            }
            current = damaged ? null : stored;
            fresh = current is null || Context.Refresh;
        }
        else
        {
            current = _inMemory;
            fresh = current is null || Context.Refresh || stored is not null;
        }
        if (!fresh)
        {
            Send(current!);
            return Task.FromResult(true);
        }
        if (!apply)
        {
            if (current is not null) Send(current);
            return Task.FromResult(false);
        }

        // The only time the password is not replaced: the saved copy goes away but the one in memory stays.
        var password = !Saved && current is not null && !Context.Refresh ? current : RandomNumberGenerator.GetString(Alphabet, (int)Length);
        if (Saved)
        {
            AtomicFile.Write(SavedPath, Encoding.ASCII.GetBytes(password + "\n"), new AtomicWriteOptions { Mode = 0x180, Uid = Posix.EffectiveUid, Gid = Posix.EffectiveGid });
        }
        else if (stored is not null)
        {
            Posix.Unlink(SavedPath);
            PasswordLog.Forgot(Context.Logger);
        }
        if (!ReferenceEquals(password, current)) PasswordLog.Generated(Context.Logger, (int)Length, Saved ? "saved" : "kept in memory");
        _inMemory = password;
        Send(password);
        return Task.FromResult(false);
    }

    private void Send(string password) => Context.Send(new Dictionary<string, Value> { ["password"] = Value.Str(password) });

    /// <summary>The saved password, or null when there is none.</summary>
    private string? ReadSaved()
    {
        try
        {
            return File.ReadAllText(SavedPath).TrimEnd('\n');
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>What is wrong with a saved password, or null when it fits this resource.</summary>
    private string? Problem(string password)
    {
        if (password.Length != Length) return $"it has {password.Length} characters instead of {Length}";
        var bad = password.FirstOrDefault(c => !Alphabet.Contains(c));
        return bad == default ? null : "it holds a character that is not an ASCII letter";
    }

}

internal static partial class PasswordLog
{
    [LoggerMessage(EventId = 6941, Level = LogLevel.Information, Message = "made a new password of {Length} characters ({Where})")]
    public static partial void Generated(ILogger logger, int length, string where);

    [LoggerMessage(EventId = 6942, Level = LogLevel.Information, Message = "removed the saved copy of the password (saved is off)")]
    public static partial void Forgot(ILogger logger);
}
