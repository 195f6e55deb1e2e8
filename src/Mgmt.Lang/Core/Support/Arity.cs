using Mgmt.Lang.Functions;

namespace Mgmt.Lang.Core.Support;

/// <summary>Argument-count checks with messages that say what the function expects.</summary>
internal static class Arity
{
    public static void Require(string function, CallSite site, int count)
    {
        if (site.ArgCount != count)
        {
            throw new TypeCheckException(
                $"{function} takes {Count(count)}, but {site.ArgCount} {(site.ArgCount == 1 ? "was" : "were")} given");
        }
    }

    public static void Range(string function, CallSite site, int min, int max)
    {
        if (site.ArgCount < min || site.ArgCount > max)
        {
            var expected = min == max ? Count(min) : $"{min} to {max} arguments";
            throw new TypeCheckException(
                $"{function} takes {expected}, but {site.ArgCount} {(site.ArgCount == 1 ? "was" : "were")} given");
        }
    }

    public static void AtLeast(string function, CallSite site, int min)
    {
        if (site.ArgCount < min)
        {
            throw new TypeCheckException(
                $"{function} takes at least {Count(min)}, but {site.ArgCount} {(site.ArgCount == 1 ? "was" : "were")} given");
        }
    }

    private static string Count(int n) => n == 1 ? "1 argument" : $"{n} arguments";
}
