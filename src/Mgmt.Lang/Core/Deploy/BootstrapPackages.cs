using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.DeployFunctions;

/// <summary>
/// The distro packages a fresh machine needs before the mgmt binary runs there. Our binary is self-contained
/// (NativeAOT), so the list is short: the C library pieces it links with, certificates for TLS to the cluster and
/// the tools some resources call.
/// </summary>
internal static class BootstrapPackages
{
    private static readonly Dictionary<string, string[]> Table = new(StringComparer.Ordinal)
    {
        ["debian"] = ["ca-certificates", "zlib1g", "iproute2", "procps"],
        ["ubuntu"] = ["ca-certificates", "zlib1g", "iproute2", "procps"],
        ["fedora"] = ["ca-certificates", "zlib", "iproute", "procps-ng"],
        ["centos"] = ["ca-certificates", "zlib", "iproute", "procps-ng"],
        ["rhel"] = ["ca-certificates", "zlib", "iproute", "procps-ng"],
        ["archlinux"] = ["ca-certificates", "zlib", "iproute2", "procps-ng"],
    };

    public static IReadOnlyList<string> For(string distro) =>
        Table.TryGetValue(distro.ToLowerInvariant(), out var packages)
            ? packages
            : throw new CatchableException(
                $"no bootstrap package list for distro '{distro}'; known: {string.Join(", ", Table.Keys.Order(StringComparer.Ordinal))}");
}
