using System.Runtime.Versioning;

// The mgmt binary is Linux only, and so are its tests.
[assembly: SupportedOSPlatform("linux")]
