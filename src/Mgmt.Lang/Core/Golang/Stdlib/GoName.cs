using System.Text;

namespace Mgmt.Lang.Core.GolangFunctions.Stdlib;

/// <summary>The Go identifier a snake_case wrapper name stands for (has_prefix -> HasPrefix), for descriptions.</summary>
internal static class GoName
{
    public static string Of(string snake)
    {
        var sb = new StringBuilder();
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        }
        return sb.ToString();
    }
}
