using Mgmt.Engine.Values;
using Mgmt.Lang.Core.Support;
using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.OsFunctions;

/// <summary>The <c>os</c> package: facts about the host and streams that follow host files and commands.</summary>
internal static class OsPackage
{
    public const string Name = "os";

    private static readonly StructType DistroUid = new([new("distro", DataType.Str), new("version", DataType.Str), new("arch", DataType.Str)]);
    private static readonly StructType Release = new([new("id", DataType.Str), new("variant_id", DataType.Str), new("version_id", DataType.Str)]);
    private static readonly TimeSpan ModulePoll = TimeSpan.FromSeconds(5);

    public static void Register(FunctionRegistry registry)
    {
        registry
            .Add(Name, Host("args", "func() []str", _ => Value.StrList(Environment.GetCommandLineArgs()),
                "The command line of the running mgmt, program name first."))
            .Add(Name, new SimpleFunction("parse_distro_uid", "func(uid str) struct{distro str; version str; arch str}",
                a => ParseDistroUid(a[0].AsStr()),
                description: "Splits a distro uid like fedora39-x86_64 into distro, version and arch (all \"\" when it does not parse)."))
            .Add(Name, Host("release", "func() struct{id str; variant_id str; version_id str}", _ =>
            {
                var r = HostInfo.OsRelease();
                return new StructValue(Release, [Str(r, "ID"), Str(r, "VARIANT_ID"), Str(r, "VERSION_ID")]);
            }, "The ID, VARIANT_ID and VERSION_ID of /etc/os-release."))
            .Add(Name, Host("expand_home", "func(path str) str", a => Value.Str(ExpandHome(a[0].AsStr())),
                "Replaces a leading ~ or ~user with that home directory."))
            .Add(Name, Host("family", "func() str", _ => Value.Str(HostInfo.Family()),
                "The distro family: redhat, debian, archlinux, or \"\" when unknown."))
            .Add(Name, Host("is_family_redhat", "func() bool", _ => Value.Bool(HostInfo.Family() == HostInfo.FamilyRedHat),
                "True on a Red Hat family distro."))
            .Add(Name, Host("is_family_debian", "func() bool", _ => Value.Bool(HostInfo.Family() == HostInfo.FamilyDebian),
                "True on a Debian family distro."))
            .Add(Name, Host("is_family_archlinux", "func() bool", _ => Value.Bool(HostInfo.Family() == HostInfo.FamilyArchLinux),
                "True on Arch Linux."))
            .Add(Name, Host("home", "func(user str) str", a => Value.Str(WithSlash(User(a[0].AsStr(), "home").Home)),
                "The home directory of a user, ending in '/'; an unknown user is a catchable error."))
            .Add(Name, Host("uid", "func(user str) str", a => Value.Str(User(a[0].AsStr(), "uid").Uid.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                "The numeric user id of a user, as a string; an unknown user is a catchable error."))
            .Add(Name, Host("is_virtual", "func() bool", _ => Value.Bool(HostInfo.IsVirtual()),
                "True when running in a virtual machine."))
            .Add(Name, new StreamFunction("modinfo_loaded", "func(module str) bool",
                _ => new PollingStream(ModulePoll, (_, a) => Value.Bool(HostInfo.ModuleLoaded(a[0].AsStr()))),
                "True while the kernel module is loaded; updated when that changes."))
            .Add(Name, new StreamFunction("readfile", "func(filename str) str",
                _ => new WatchedPathStream(a => a[0].AsStr(), WatchedPathStream.ReadTextAsync),
                "The contents of a host file, updated when it changes; a missing file is a catchable error until it appears."))
            .Add(Name, new StreamFunction("file_exists", "func(filename str) bool",
                _ => new WatchedPathStream(a => a[0].AsStr(), WatchedPathStream.Sync((_, path) => Value.Bool(File.Exists(path) || Directory.Exists(path)))),
                "True while the path exists on the host; updated when that changes."))
            .Add(Name, new StreamFunction("user_exists", "func(user str) bool",
                _ => new WatchedPathStream(_ => UserDatabase.PasswdPath, WatchedPathStream.Sync((a, _) => Value.Bool(UserDatabase.Find(a[0].AsStr()) is not null))),
                "True while the user exists in /etc/passwd; updated when that changes."))
            .Add(Name, new StreamFunction("system", "func(cmd str) str", _ => new SystemStream(),
                "Runs a shell command and gives each line it prints; a new command replaces the old one."));
        registry
            .AddVariable(Name, "family_redhat", Value.Str(HostInfo.FamilyRedHat))
            .AddVariable(Name, "family_debian", Value.Str(HostInfo.FamilyDebian))
            .AddVariable(Name, "family_archlinux", Value.Str(HostInfo.FamilyArchLinux));
    }

    /// <summary>A function that reads the host: never evaluated at compile time.</summary>
    private static TypedFunction Host(string name, string signature, Func<IReadOnlyList<Value>, Value> body, string description) =>
        new(name, signature, (_, _, a) => body(a), description: description, pure: false);

    private static StrValue Str(Dictionary<string, string> map, string key) => Value.Str(map.GetValueOrDefault(key, ""));

    internal static StructValue ParseDistroUid(string uid)
    {
        var dash = uid.IndexOf('-');
        var (distro, version, arch) = ("", "", "");
        if (dash >= 0)
        {
            var before = uid[..dash];
            var name = before.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            (distro, version, arch) = (name, before[name.Length..], uid[(dash + 1)..]);
            if (distro.Length == 0 || version.Length == 0 || arch.Length == 0) (distro, version, arch) = ("", "", "");
        }
        return new StructValue(DistroUid, [Value.Str(distro), Value.Str(version), Value.Str(arch)]);
    }

    internal static string ExpandHome(string path)
    {
        if (!path.StartsWith('~')) return path;
        var slash = path.IndexOf('/');
        var who = slash < 0 ? path[1..] : path[1..slash];
        var rest = slash < 0 ? "" : path[slash..];
        var home = who.Length == 0
            ? Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : User(Environment.UserName, "expand_home").Home
            : User(who, "expand_home").Home;
        return home.TrimEnd('/') + (rest.Length == 0 ? "/" : rest);
    }

    private static Mgmt.Platform.Users.UserAccount User(string name, string function) =>
        UserDatabase.Find(name) ?? throw new CatchableException($"os.{function}: there is no user named {GoFormat.Quote(name)}");

    private static string WithSlash(string dir) => dir.EndsWith('/') ? dir : dir + "/";
}
