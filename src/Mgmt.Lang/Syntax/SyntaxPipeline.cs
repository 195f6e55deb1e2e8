using Mgmt.Lang.Diagnostics;
using Mgmt.Lang.Files;
using Mgmt.Lang.Syntax.Ast;
using Mgmt.Lang.Syntax.Limits;
using Mgmt.Lang.Syntax.Passes;

namespace Mgmt.Lang.Syntax;

/// <summary>
/// The front of the compiler for one file: lex and parse (<see cref="Phase.LexParse"/>), validate
/// (<see cref="Phase.Init"/>), expand strings and nested class names (<see cref="Phase.Interpolate"/>).
/// Every mistake is a <see cref="LangException"/> naming its phase and position. Later stages call
/// <see cref="Prepare(SourceFile)"/> for the entry file and for each imported file when they load it.
/// </summary>
public static class SyntaxPipeline
{
    /// <summary>Lexes and parses one file. Throws <see cref="LangException"/> with <see cref="Phase.LexParse"/>.</summary>
    public static ParsedFile Parse(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Text.Length > InputLimits.MaxSourceBytes)
        {
            throw new LangException(Phase.LexParse,
                $"{file.Path}: the file is larger than the {InputLimits.Describe(InputLimits.MaxSourceBytes)} a source file may hold; split it into smaller files");
        }
        var (tokens, comments) = Lexer.Tokenize(file);
        var program = Parser.ParseFile(file, tokens);
        NestingCheck.Run(program);
        return new ParsedFile { Source = file, Program = program, Comments = comments };
    }

    /// <summary>
    /// Validates a parsed tree (duplicate fields and keys, unknown meta parameters, imports in loops...).
    /// Throws <see cref="LangException"/> with <see cref="Phase.Init"/>; changes nothing.
    /// </summary>
    public static void Init(ProgramStmt program)
    {
        ArgumentNullException.ThrowIfNull(program);
        InitPass.Run(program);
    }

    /// <summary>
    /// Rewrites the tree in place: string literals become final strings or <c>concat</c> calls, and
    /// <c>class a:b</c> classes move into class <c>a</c>. Afterwards no <see cref="StrTemplateExpr"/> remains.
    /// Throws <see cref="LangException"/> with <see cref="Phase.Interpolate"/>. Returns the same tree.
    /// </summary>
    public static ProgramStmt Interpolate(ProgramStmt program)
    {
        ArgumentNullException.ThrowIfNull(program);
        InterpolatePass.Run(program);
        return program;
    }

    /// <summary>Parse, Init and Interpolate in order; the tree is ready for scope resolution.</summary>
    public static ParsedFile Prepare(SourceFile file)
    {
        var parsed = Parse(file);
        Init(parsed.Program);
        Interpolate(parsed.Program);
        return parsed;
    }

    /// <summary>Convenience for <see cref="Prepare(SourceFile)"/>.</summary>
    public static ParsedFile Prepare(string path, string text) => Prepare(new SourceFile(path, text));

    /// <summary>
    /// Reads <paramref name="path"/> from <paramref name="files"/>, refusing a file that is too large or not valid
    /// UTF-8 (<see cref="SourceDecoder"/>), and prepares it.
    /// </summary>
    public static ParsedFile Prepare(ISourceFiles files, string path)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Prepare(new SourceFile(path, SourceDecoder.Decode(path, files.ReadBytes(path))));
    }
}
