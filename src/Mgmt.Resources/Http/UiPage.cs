using System.Globalization;
using System.Net;
using System.Text;

namespace Mgmt.Resources;

/// <summary>
/// The HTML of an <c>http:server:ui</c> page: plain markup that works without scripts, one small form per input
/// (an <c>id</c> hidden field and a <c>value</c> field) that posts back to the page.
/// </summary>
internal static class UiPage
{
    public static byte[] Render(HttpServerUiResource ui)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(ui.Title)).Append("</title>\n");
        // The head is the operator's own markup, on purpose not escaped.
        if (ui.Head.Length > 0) html.Append(ui.Head).Append('\n');
        html.Append("</head>\n<body>\n<h1>").Append(Encode(ui.Title)).Append("</h1>\n");
        if (ui.Inputs.Count == 0) html.Append("<p>This form has no fields.</p>\n");
        foreach (var input in ui.Inputs) AppendField(html, ui.PublicPath, input);
        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void AppendField(StringBuilder html, string action, HttpServerUiInputResource input)
    {
        var id = Encode(input.EffectiveId);
        var type = input.FieldType;
        html.Append("<form method=\"post\" action=\"").Append(Encode(action)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"id\" value=\"").Append(id).Append("\">\n")
            .Append("<label for=\"field-").Append(id).Append("\">").Append(id).Append("</label>\n")
            .Append("<input id=\"field-").Append(id).Append("\" name=\"value\" type=\"").Append(type.IsRange ? "range" : "text").Append('"');
        if (type.IsRange)
        {
            Attribute(html, "min", type.Min);
            Attribute(html, "max", type.Max);
            Attribute(html, "step", type.Step);
        }
        html.Append(" value=\"").Append(Encode(input.Current)).Append("\">\n")
            .Append("<button type=\"submit\">Save</button>\n</form>\n");
    }

    private static void Attribute(StringBuilder html, string name, long? value)
    {
        if (value is { } v) html.Append(' ').Append(name).Append("=\"").Append(v.ToString(CultureInfo.InvariantCulture)).Append('"');
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
