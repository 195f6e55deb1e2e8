using System.Globalization;
using Mgmt.Engine.Resources;
using Mgmt.Engine.Values;
using Mgmt.Platform.Users;

namespace Mgmt.Resources;

/// <summary>
/// <c>gsettings</c>: one GSettings key (a desktop setting kept in dconf) of one user, set with the <c>gsettings</c>
/// tool run as that user against the user's session bus. The schema and key come from the parameters, or from a
/// name of the form <c>"SCHEMA KEY"</c>. See docs/resources/gsettings.md.
/// </summary>
/// <remarks>
/// The watch runs <c>gsettings monitor</c>, which prints each change dconf signals on the bus. A user that does not
/// exist yet (made by a <c>user</c> resource later) is waited for by reading the account database every few
/// seconds.
/// </remarks>
[ResourceKind("gsettings")]
public sealed partial class GsettingsResource : Resource
{
    public const string BoolType = "bool";
    public const string StrType = "str";
    public const string IntType = "int";
    public const string CustomType = "custom";

    /// <summary>The schema, or <c>schema:path</c> for a relocatable one.</summary>
    [Param("schema")]
    public string Schema { get; set; } = "";

    /// <summary>The key.</summary>
    [Param("key")]
    public string Key { get; set; } = "";

    /// <summary>How <see cref="Value"/> is written: <c>bool</c>, <c>str</c>, <c>int</c>, or <c>custom</c> (GVariant text as is).</summary>
    [Param("type")]
    public string Type { get; set; } = "";

    /// <summary>The value: a bool, a str or an int as <see cref="Type"/> says (a str in GVariant text for custom).</summary>
    [Param("value", Type = "variant")]
    public Value? Value { get; set; }

    /// <summary>The user whose setting this is; empty is the user mgmt runs as.</summary>
    [Param("user")]
    public string User { get; set; } = "";

    /// <summary>The group to run gsettings with; empty is the user's primary group.</summary>
    [Param("group")]
    public string Group { get; set; } = "";

    /// <summary>Extra environment for gsettings, over the user's session defaults; tests point it at their own bus.</summary>
    internal IReadOnlyDictionary<string, string>? SessionEnvironment { get; set; }

    /// <summary>The program; tests never change it.</summary>
    internal string Program { get; set; } = "gsettings";

    internal (string Schema, string Key) Target()
    {
        if (Schema.Length == 0 && Key.Length == 0 && Name.Split(' ') is [var schema, var key]) return (schema, key);
        return (Schema, Key);
    }

    public override void Validate()
    {
        var (schema, key) = Target();
        if (schema.Length == 0) throw new ResourceValidationException("the schema is empty: set 'schema' and 'key', or name the resource \"SCHEMA KEY\"");
        if (key.Length == 0) throw new ResourceValidationException("the key is empty: set 'key', or name the resource \"SCHEMA KEY\"");
        if (schema.Any(char.IsWhiteSpace) || key.Any(char.IsWhiteSpace)) throw new ResourceValidationException($"schema '{schema}' and key '{key}' must not contain spaces");
        _ = DesiredText();
    }

    /// <summary>The value as GVariant text, as <c>gsettings set</c> takes it and <c>gsettings get</c> prints it.</summary>
    internal string DesiredText() => (Type, Value) switch
    {
        (BoolType, BoolValue b) => b.V ? "true" : "false",
        (IntType, IntValue i) => i.V.ToString(CultureInfo.InvariantCulture),
        (StrType, StrValue s) => Quote(s.V),
        (CustomType, StrValue s) when s.V.Trim().Length > 0 => s.V.Trim(),
        (BoolType or IntType or StrType or CustomType, null) => throw new ResourceValidationException("value is missing"),
        (BoolType or IntType or StrType or CustomType, _) =>
            throw new ResourceValidationException($"value {Value} does not fit type '{Type}': give a {(Type == CustomType ? "str holding GVariant text, such as \"['a', 'b']\"" : Type)}"),
        _ => throw new ResourceValidationException($"type '{Type}' is not one of bool, str, int or custom"),
    };

    /// <summary>A GVariant string literal, quoted the way gsettings prints strings (in double quotes when it holds a single one).</summary>
    internal static string Quote(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal);
        escaped = escaped.Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return quote + escaped + quote;
    }

    /// <summary>What gsettings printed, made comparable with <see cref="DesiredText"/>: an int loses its type annotation.</summary>
    internal string Normalize(string printed)
    {
        printed = printed.Trim();
        if (Type == IntType && printed.Split(' ') is [var annotation, var number] && annotation is "byte" or "int16" or "uint16" or "int32" or "uint32" or "int64" or "uint64" or "handle")
        {
            return number;
        }
        return printed;
    }

    /// <summary>The account gsettings runs as, or null for ourselves. Throws when the user does not exist.</summary>
    internal UserAccount? Account()
    {
        if (User.Length == 0) return null;
        var account = Accounts.TryParseId(User, out var uid) ? Accounts.FindUser(uid) : Accounts.FindUser(User);
        return account ?? throw new IOException($"user '{User}' does not exist (yet); create it first, for example with a user resource");
    }
}
