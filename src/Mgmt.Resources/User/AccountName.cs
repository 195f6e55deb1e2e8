using System.Text.RegularExpressions;
using Mgmt.Engine.Resources;

namespace Mgmt.Resources;

/// <summary>What the shadow tools accept as a user or group name by default (Debian's rule, without --badname).</summary>
internal static partial class AccountName
{
    public static void Check(string what, string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new ResourceValidationException(
                $"'{name}' is not a valid {what} name: use lowercase letters, digits, '_' and '-', starting with a letter or '_' (at most 32 characters)");
        }
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,30}[a-z0-9_$-]?$")]
    private static partial Regex Pattern();
}
