using Mgmt.Resources.Tests.Svc;

namespace Mgmt.Resources.Tests.Nspawn;

/// <summary>
/// The smallest root systemd-nspawn boots: the test container's own dash, sleep and C library, an os-release file
/// (nspawn refuses a directory without one) and an init script that sleeps until it is told to halt or power off.
/// Written into the container's /var/lib/machines/NAME (its volatile overlay, so it is gone after the run).
/// </summary>
internal static class TinyMachineImage
{
    // The init: a shell as PID 1 ignores signals it has no handler for, so it must trap SIGTERM and the halt and
    // poweroff signals systemd-nspawn and machined send (SIGRTMIN+3 = 37 and SIGRTMIN+4 = 38 with glibc). Until
    // the trap is set a stop request is lost, so it leaves a marker once it is: tests wait for it before a stop.
    private const string Init = "#!/bin/sh\ntrap 'exit 0' TERM INT 37 38\n: > /var/booted\nwhile :; do sleep 1000 & wait $!; done\n";

    /// <summary>Waits until the machine's init is ready to be stopped (its marker appeared), then removes the marker.</summary>
    public static async Task WaitUntilBootedAsync(SystemdContainer container, string name, CancellationToken cancel)
    {
        var marker = $"{container.Root}/var/lib/machines/{name}/var/booted";
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!File.Exists(marker))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the machine {name} did not finish booting within 20 s");
            await Task.Delay(20, cancel);
        }
        File.Delete(marker);
    }

    // A stop that reaches the init before its trap is set would wait for systemd's default 90 s: a test machine
    // that ignores its stop is killed after a few seconds instead.
    private const string StopPatience = "[Service]\nTimeoutStopSec=5s\n";

    public static async Task<string> WriteAsync(SystemdContainer container, string name, CancellationToken cancel)
    {
        var dropIn = container.Root + "/etc/systemd/system/systemd-nspawn@.service.d/mgmt-test.conf";
        if (!File.Exists(dropIn))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dropIn)!);
            await File.WriteAllTextAsync(dropIn, StopPatience, cancel);
            await container.Manager.ReloadAsync(cancel);
        }

        var root = container.Root;
        var image = $"{root}/var/lib/machines/{name}";
        foreach (var dir in new[] { "usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "proc", "sys", "dev", "run", "tmp", "var" })
        {
            Directory.CreateDirectory($"{image}/{dir}");
        }
        // Merged /usr, like the container: /bin, /sbin, /lib and /lib64 point into it.
        foreach (var link in new[] { "bin", "sbin", "lib", "lib64" })
        {
            File.CreateSymbolicLink($"{image}/{link}", "usr/" + link);
        }
        Copy(root, image, "usr/bin/dash");
        Copy(root, image, "usr/bin/sleep");
        File.CreateSymbolicLink($"{image}/usr/bin/sh", "dash");
        // The C library and the dynamic loader, wherever this architecture keeps them.
        foreach (var triplet in Directory.GetDirectories(root + "/usr/lib", "*-linux-gnu"))
        {
            var relative = "usr/lib/" + Path.GetFileName(triplet);
            if (File.Exists($"{triplet}/libc.so.6")) Copy(root, image, relative + "/libc.so.6");
        }
        foreach (var loader in Directory.GetFiles(root + "/usr/lib64", "ld-linux*").Concat(Directory.GetFiles(root + "/usr/lib", "ld-linux*")))
        {
            Copy(root, image, loader[(root.Length + 1)..]);
        }
        File.WriteAllText($"{image}/etc/os-release", "ID=mgmt-test\nNAME=\"mgmt test machine\"\n");
        File.WriteAllText($"{image}/usr/sbin/init", Init);
        Platform.Files.Posix.Chmod($"{image}/usr/sbin/init", 0x1ED); // 0755
        return image;
    }

    private static void Copy(string root, string image, string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName($"{image}/{relative}")!);
        // The file itself, not a link that would point outside the image.
        File.Copy(ResolveInside(root, relative), $"{image}/{relative}");
    }

    // Links in the container point at container paths (/usr/lib/...): follow them under the container's root.
    private static string ResolveInside(string root, string relative)
    {
        var path = "/" + relative;
        for (var i = 0; i < 16; i++)
        {
            var info = new FileInfo(root + path);
            if (info.LinkTarget is not { } target) return root + path;
            path = target.StartsWith('/') ? target : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
        }
        throw new IOException($"too many links at {relative} in the container");
    }
}
