using System.Runtime.Versioning;

// mgmt manages Linux machines (inotify, POSIX signals and modes, systemd): this binary runs on Linux only.
[assembly: SupportedOSPlatform("linux")]
