using Mgmt.Lang.Modules;
using Mgmt.Lang.Syntax.Ast;

namespace Mgmt.Lang.Semantics;

/// <summary>
/// One source file of the program (the entry file or an imported one) after parsing and name resolution. A file
/// imported from several places is compiled once and shared: its variables have one value and one type for all
/// importers, while its functions and classes are instantiated per use as usual.
/// </summary>
internal sealed class CompiledModule(ModuleSource source, ProgramStmt program)
{
    public ModuleSource Source { get; } = source;

    public ProgramStmt Program { get; } = program;

    /// <summary>The file's top-level scope (its definitions and imports over the global scope), once entered.</summary>
    public Scope? TopScope { get; set; }

    /// <summary>True while the file is being compiled: importing it again then would be an import loop.</summary>
    public bool InProgress { get; set; }

    public override string ToString() => Source.MainPath;
}
