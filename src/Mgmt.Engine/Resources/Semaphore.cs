using System.Globalization;

namespace Mgmt.Engine.Resources;

/// <summary>The parsed form of a <c>Meta:sema</c> entry: <c>id</c> (one holder) or <c>id:N</c> (N holders).</summary>
public readonly record struct Semaphore(string Id, int Count)
{
    public static Semaphore Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            if (text.Length == 0) throw new ResourceValidationException("a Meta:sema entry cannot be empty");
            return new Semaphore(text, 1);
        }
        var count = text[(colon + 1)..];
        if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            throw new ResourceValidationException($"Meta:sema entry '{text}': the part after ':' must be a count of 1 or more");
        }
        return new Semaphore(text, n);
    }
}
