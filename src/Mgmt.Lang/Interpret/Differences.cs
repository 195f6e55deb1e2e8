using Mgmt.Engine.Resources;

namespace Mgmt.Lang.Interpret;

/// <summary>Says how two declarations of one resource differ, for duplicate-resource errors.</summary>
internal static class Differences
{
    public static string First(Resource a, Resource b)
    {
        if (a.GetType() != b.GetType()) return "they are of different kinds";
        foreach (var p in a.Descriptor.Params)
        {
            var va = p.Get(a);
            var vb = p.Get(b);
            if (!Equals(va, vb)) return $"{p.Name} is {Show(va)} in one and {Show(vb)} in the other";
        }
        return a.Meta.Equals(b.Meta) ? "they differ" : "their meta parameters differ";
    }

    private static string Show(object? value) => value?.ToString() ?? "unset";
}
