using Mgmt.Engine.Resources;
using Mgmt.Lang.Files;
using Mgmt.Lang.Functions;
using Mgmt.Lang.Semantics;

namespace Mgmt.Lang;

// PLACEHOLDER written by the lead so that callers compile; the semantics engineer replaces the body.

/// <summary>What to compile: the program's file tree, its entry (a directory or an .mcl file) and the registries.</summary>
public sealed record CompileInput(ISourceFiles Files, string Entry, FunctionRegistry Functions, ResourceRegistry Resources)
{
    /// <summary>Where to look for modules not found under the program's own <c>path:</c>.</summary>
    public string? ModulePath { get; init; }
}

public static class Compiler
{
    public static CheckedProgram Check(CompileInput input) => throw new NotImplementedException("scope resolution and unification are not built yet");
}
