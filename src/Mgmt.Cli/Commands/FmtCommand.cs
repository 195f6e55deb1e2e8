using System.Text;
using Mgmt.Cli.CommandLine;
using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Syntax.Formatting;
using Mgmt.Platform.Files;

namespace Mgmt.Cli.Commands;

/// <summary>
/// <c>mgmt fmt [--check] PATH...</c>: gives mcl files their canonical layout (<see cref="MclFormatter"/>), in place.
/// A directory means every <c>.mcl</c> file under it. With <c>--check</c> nothing is written: the files that are not
/// formatted are listed and the exit code is 1.
/// </summary>
public sealed class FmtCommand : Command
{
    public FmtCommand()
    {
        Check = AddFlag(new SwitchFlag("--check", "change nothing: list the files that are not formatted and exit 1 if there are any") { Short = "-t" });
    }

    public override string Name => "fmt";

    public override string Summary => "give mcl files their canonical layout";

    public override string Details =>
        "Rewrites each mcl file with the canonical layout: tabs for indentation, one space around operators and after " +
        "commas, no trailing blanks, at most one blank line in a row. Only white space changes: tokens, line breaks " +
        "and comments stay, so the program means the same. A directory stands for every .mcl file under it. A file " +
        "that does not parse is reported and left alone.";

    public override IReadOnlyList<PositionalArgument> Arguments { get; } =
        [new("PATH", "an .mcl file or a directory (default: the current directory)", Required: false)];

    public SwitchFlag Check { get; }

    public override Task<int> RunAsync(CommandInvocation invocation)
    {
        var root = invocation.Arguments.Count > 0 ? invocation.Arguments[0] : ".";
        IEnumerable<string> files;
        if (Directory.Exists(root))
        {
            files = Directory.EnumerateFiles(root, "*.mcl", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false })
                .Order(StringComparer.Ordinal);
        }
        else if (File.Exists(root))
        {
            files = [root];
        }
        else
        {
            throw new UsageException($"PATH expects an .mcl file or a directory, but there is nothing at '{root}'", this);
        }

        var failed = false;
        var unformatted = 0;
        foreach (var file in files)
        {
            switch (FormatOne(file, invocation))
            {
                case Result.Failed:
                    failed = true;
                    break;
                case Result.Changed:
                    unformatted++;
                    invocation.Out.WriteLine(Check.Value ? $"{file}: not formatted" : $"{file}: formatted");
                    break;
            }
        }
        if (failed) return Task.FromResult(ExitCodes.BadInput);
        return Task.FromResult(Check.Value && unformatted > 0 ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private enum Result
    {
        Unchanged,
        Changed,
        Failed,
    }

    private Result FormatOne(string file, CommandInvocation invocation)
    {
        string text;
        try
        {
            text = File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            invocation.Error.WriteLine($"mgmt: error: {file}: cannot be read: {e.Message}");
            return Result.Failed;
        }
        string formatted;
        try
        {
            formatted = MclFormatter.Format(file, text);
        }
        catch (LangException e)
        {
            invocation.Error.WriteLine($"mgmt: error: {e.Phase.Display()}: {ErrorRenderer.Render(e, text).TrimEnd('\n')}");
            return Result.Failed;
        }
        if (formatted == text) return Result.Unchanged;
        if (Check.Value) return Result.Changed;
        try
        {
            // Write through a symbolic link to the file it names, never over the link; keep mode and owner.
            var target = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
            AtomicFile.Write(target, Encoding.UTF8.GetBytes(formatted));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            invocation.Error.WriteLine($"mgmt: error: {file}: cannot be written: {e.Message}");
            return Result.Failed;
        }
        return Result.Changed;
    }
}
