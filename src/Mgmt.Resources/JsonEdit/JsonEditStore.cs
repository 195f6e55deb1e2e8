using Mgmt.Engine.Resources;
using Mgmt.World;

namespace Mgmt.Resources;

/// <summary>
/// Where a <c>json:edit</c> document lives: a local file (an absolute path or a <c>file:///path</c> URI), or a
/// cluster-wide string of the world (<c>etcd:///key</c>, the store the <c>kv</c> resource writes, whether the world is
/// the embedded one or etcd).
/// </summary>
internal sealed record JsonEditStore(bool IsWorld, string Location)
{
    /// <summary>Parses a store handle; throws <see cref="ResourceValidationException"/> saying what is wrong.</summary>
    public static JsonEditStore Parse(string handle)
    {
        if (handle.Length == 0) throw Invalid("the store is empty: give an absolute path, file:///path or etcd:///key");
        if (handle.StartsWith('/')) return File(handle, handle);
        var colon = handle.IndexOf("://", StringComparison.Ordinal);
        if (colon < 0) throw Invalid($"the store '{handle}' is neither an absolute path nor a URI: give /path, file:///path or etcd:///key");
        var scheme = handle[..colon];
        var rest = handle[(colon + 3)..];
        if (rest.Contains('?') || rest.Contains('#')) throw Invalid($"the store '{handle}' has a query or a fragment, which a store cannot use");
        if (!rest.StartsWith('/'))
        {
            throw Invalid($"the store '{handle}' names a host ('{rest.Split('/')[0]}'), which is not supported: write {scheme}:///{rest[(rest.IndexOf('/') + 1)..]}");
        }
        switch (scheme)
        {
            case "file":
                return File(Uri.UnescapeDataString(rest), handle);
            case "etcd":
                var key = Uri.UnescapeDataString(rest.TrimStart('/'));
                if (key.Length == 0) throw Invalid($"the store '{handle}' names no key: write etcd:///key");
                try
                {
                    WorldKeys.ValidateStringKey(key);
                }
                catch (WorldException e)
                {
                    throw Invalid(e.Message);
                }
                return new JsonEditStore(true, key);
            default:
                throw Invalid($"the store '{handle}' has the scheme '{scheme}': use file:///path or etcd:///key (or an absolute path)");
        }
    }

    private static JsonEditStore File(string path, string handle)
    {
        if (path.EndsWith('/')) throw Invalid($"the store '{handle}' ends with a slash, but a JSON document is a file");
        return new JsonEditStore(false, path);
    }

    private static ResourceValidationException Invalid(string message) => new(message);

    public override string ToString() => IsWorld ? $"etcd:///{Location}" : Location;
}
