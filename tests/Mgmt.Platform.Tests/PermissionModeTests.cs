using Mgmt.Platform.Files;

namespace Mgmt.Platform.Tests;

public sealed class PermissionModeTests
{
    private static uint O(string octal) => Convert.ToUInt32(octal, 8);

    [Theory]
    [InlineData("0644", "644")]
    [InlineData("644", "644")]
    [InlineData("4755", "4755")]
    [InlineData("0", "0")]
    [InlineData("00755", "755")]
    [InlineData("7777", "7777")]
    public void OctalModesReplaceTheBits(string text, string expected)
    {
        Assert.True(PermissionMode.IsOctal(text));
        Assert.Equal(O(expected), PermissionMode.Apply(text, O("777"), isDirectory: false));
    }

    [Theory]
    // text, current, isDirectory, expected
    [InlineData("u=rw,g=r,o=", "777", false, "640")]
    [InlineData("u+x", "644", false, "744")]
    [InlineData("a-w", "666", false, "444")]
    [InlineData("go=", "755", false, "700")]
    [InlineData("g=u", "750", false, "770")]
    [InlineData("o=g", "754", false, "755")]
    [InlineData("+x", "600", false, "711")]
    [InlineData("=r", "777", false, "444")]
    [InlineData("ug=rwx,o=rx", "0", false, "775")]
    [InlineData("u+x-w", "644", false, "544")]
    [InlineData("a+X", "644", false, "644")]
    [InlineData("a+X", "744", false, "755")]
    [InlineData("a+X", "600", true, "711")]
    [InlineData("u+s", "755", false, "4755")]
    [InlineData("g+s", "755", false, "2755")]
    [InlineData("ug+s", "755", false, "6755")]
    [InlineData("+t", "777", true, "1777")]
    [InlineData("o-t", "1777", true, "777")]
    [InlineData("u=rwx", "4755", false, "755")]
    [InlineData("g=rx", "2775", true, "2755")]
    [InlineData("g-s", "2775", true, "775")]
    [InlineData("a=", "777", false, "0")]
    public void SymbolicModesEditTheCurrentBits(string text, string current, bool isDirectory, string expected)
    {
        Assert.False(PermissionMode.IsOctal(text));
        Assert.Equal(O(expected), PermissionMode.Apply(text, O(current), isDirectory));
    }

    [Theory]
    [InlineData("")]
    [InlineData("rwx")]
    [InlineData("u")]
    [InlineData("u=rwq")]
    [InlineData("z+x")]
    [InlineData("u+x,,g+w")]
    [InlineData("8644")]
    [InlineData("17777")]
    [InlineData("0x644")]
    public void InvalidModesAreRejectedWithAHelpfulMessage(string text)
    {
        var e = Assert.Throws<FormatException>(() => PermissionMode.Validate(text));
        Assert.Contains("octal number (such as 0644)", e.Message);
        Assert.Contains($"'{text}'", e.Message);
    }

    [Theory]
    [InlineData("644", "0644")]
    [InlineData("4755", "04755")]
    [InlineData("0", "0")]
    [InlineData("7", "0007")]
    public void FormatMatchesGoOctalForm(string octal, string expected) =>
        Assert.Equal(expected, PermissionMode.Format(O(octal)));
}
