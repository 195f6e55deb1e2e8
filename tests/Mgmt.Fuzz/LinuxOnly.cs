using System.Runtime.Versioning;

// The front ends run where mgmt runs: Linux.
[assembly: SupportedOSPlatform("linux")]
