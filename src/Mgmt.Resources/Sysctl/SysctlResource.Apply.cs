using System.Text;
using Mgmt.Platform.Files;

namespace Mgmt.Resources;

// CheckApply: the running value first (a value the kernel refuses is then never persisted), then the file.
public sealed partial class SysctlResource
{
    public override Task<bool> CheckApplyAsync(bool apply, CancellationToken cancel)
    {
        var ok = CheckRuntime(apply);
        ok &= CheckPersisted(apply);
        return Task.FromResult(ok);
    }

    private bool CheckRuntime(bool apply)
    {
        if (!Runtime) return true;
        var current = ReadKernelValue();
        if (Normalize(current) == Normalize(Value)) return true;
        Context.Changes.Set("value", current.Trim(), Value);
        if (!apply) return false;
        try
        {
            // procfs takes the value in one write; a refused value fails that write.
            File.WriteAllText(KernelPath, Value + "\n");
        }
        catch (IOException e)
        {
            throw new IOException($"the kernel refused the value '{Value}' for {Name} ({e.Message.TrimEnd('.')}); check the value's format and range", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"cannot set {Name}: permission denied (setting kernel parameters needs root)", e);
        }
        SysctlLog.SetRuntime(Context.Logger, Name, current, Value);
        return false;
    }

    /// <summary>The running value, or an error saying the parameter does not exist.</summary>
    internal string ReadKernelValue()
    {
        try
        {
            return File.ReadAllText(KernelPath).TrimEnd('\n');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"there is no kernel parameter named {Name} (no {KernelPath}); check the name, or load the module that provides it", e);
        }
    }

    private bool CheckPersisted(bool apply)
    {
        if (!Persist) return true;
        var expected = Encoding.UTF8.GetBytes($"{Name} = {Value}\n");
        var path = ConfigPath;
        if (Posix.TryStat(path) is { IsRegular: true } && File.ReadAllBytes(path).AsSpan().SequenceEqual(expected)) return true;
        Context.Changes.Content(path, Posix.TryStat(path) is { IsRegular: true } ? File.ReadAllBytes(path) : null, expected);
        if (!apply) return false;
        var directory = PathText.Dirname(path);
        if (Posix.TryStat(directory) is null) Directory.CreateDirectory(directory);
        AtomicFile.Write(path, expected, new AtomicWriteOptions { Mode = 0x1A4 });
        SysctlLog.Persisted(Context.Logger, Name, Value, path);
        return false;
    }

    public override Task WatchAsync(CancellationToken cancel)
    {
        var watch = new SystemWatch();
        if (Persist) watch.File(PathText.Clean(ConfigPath));
        if (Runtime)
        {
            string? last = TryRead();
            watch.PollInterval = RuntimePollInterval;
            watch.Poll = () =>
            {
                var now = TryRead();
                if (now == last) return false;
                last = now;
                return true;
            };
        }
        return watch.RunAsync(Context, Name, cancel);
    }

    private string? TryRead()
    {
        try
        {
            return File.ReadAllText(KernelPath);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
