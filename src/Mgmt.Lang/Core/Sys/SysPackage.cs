using System.Globalization;
using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.SysFunctions;

/// <summary>
/// The <c>sys</c> package: the process environment and live host figures. The live ones re-read their procfs or
/// sysfs file on a timer, because those files do not report changes through inotify.
/// </summary>
internal static class SysPackage
{
    public const string Name = "sys";

    private static readonly StructType LoadType = new([new("x1", DataType.Float), new("x5", DataType.Float), new("x15", DataType.Float)]);

    public static void Register(FunctionRegistry registry) => registry
        .Add(Name, new StreamFunction("cpu_count", "func() int",
            _ => new PollingStream(TimeSpan.FromSeconds(2), (_, _) => Value.Int(CpuCount())),
            "The number of online CPUs; updated when CPUs are hot-plugged."))
        .Add(Name, Env("getenv", "func(name str) str", a => Value.Str(System.Environment.GetEnvironmentVariable(a[0].AsStr())
            ?? throw new CatchableException($"the environment variable {a[0].AsStr()} is not set")),
            "The value of an environment variable; an unset variable is a catchable error."))
        .Add(Name, Env("hasenv", "func(name str) bool", a => Value.Bool(System.Environment.GetEnvironmentVariable(a[0].AsStr()) is not null),
            "True when the environment variable is set (even to \"\")."))
        .Add(Name, Env("env", "func() map{str: str}", _ => AllVariables(), "All environment variables."))
        .Add(Name, new StreamFunction("hostname", "func() str",
            _ => new PollingStream(TimeSpan.FromSeconds(2), (_, _) => Value.Str(Hostname())),
            "This machine's hostname; updated when it changes."))
        .Add(Name, new StreamFunction("load", "func() struct{x1 float; x5 float; x15 float}",
            _ => new PollingStream(TimeSpan.FromSeconds(1), (_, _) => Load()),
            "The 1, 5 and 15 minute load averages; updated every second."))
        .Add(Name, new StreamFunction("uptime", "func() int",
            _ => new PollingStream(TimeSpan.FromSeconds(1), (_, _) => Value.Int(Uptime())),
            "Seconds since boot; updated every second."));

    private static TypedFunction Env(string name, string signature, Func<IReadOnlyList<Value>, Value> body, string description) =>
        new(name, signature, (_, _, a) => body(a), description: description, pure: false);

    private static MapValue AllVariables()
    {
        var vars = System.Environment.GetEnvironmentVariables();
        var entries = new List<KeyValuePair<Value, Value>>();
        foreach (System.Collections.DictionaryEntry e in vars)
        {
            entries.Add(new(Value.Str((string)e.Key), Value.Str((string?)e.Value ?? "")));
        }
        return new MapValue(DataType.Map(DataType.Str, DataType.Str), entries);
    }

    /// <summary>Online CPUs from sysfs ("0-3,6"), or the runtime's count where sysfs is not available.</summary>
    internal static long CpuCount()
    {
        var text = TryRead("/sys/devices/system/cpu/online");
        return text is null ? System.Environment.ProcessorCount : CountCpuList(text);
    }

    internal static long CountCpuList(string text)
    {
        long count = 0;
        foreach (var part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                count++;
                continue;
            }
            count += long.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture) - long.Parse(part[..dash], CultureInfo.InvariantCulture) + 1;
        }
        return count;
    }

    private static string Hostname() => TryRead("/proc/sys/kernel/hostname")?.Trim() is { Length: > 0 } h ? h : System.Environment.MachineName;

    internal static StructValue Load()
    {
        var text = TryRead("/proc/loadavg") ?? throw new CatchableException("the load average is not available (/proc/loadavg)");
        var f = text.Split(' ');
        return new StructValue(LoadType, [.. f.Take(3).Select(x => Value.Float(double.Parse(x, CultureInfo.InvariantCulture)))]);
    }

    private static long Uptime()
    {
        var text = TryRead("/proc/uptime");
        if (text is null) return System.Environment.TickCount64 / 1000;
        return (long)double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
