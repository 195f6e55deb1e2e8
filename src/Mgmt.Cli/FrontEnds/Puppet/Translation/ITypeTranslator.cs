using Mgmt.Engine.Resources;

namespace Mgmt.Cli.FrontEnds.Puppet.Translation;

/// <summary>Turns resources of some Puppet types into native resources, where their attributes map.</summary>
internal interface ITypeTranslator
{
    /// <summary>The catalog type names handled, as the catalog writes them (<c>File</c>).</summary>
    IReadOnlyList<string> Types { get; }

    /// <summary>
    /// The native resource for <paramref name="attributes"/>' resource, or null when it must go through Puppet: then
    /// the attributes record why. A mistake Puppet would refuse at apply time goes to the context's errors.
    /// </summary>
    Resource? Translate(PuppetAttributes attributes, TranslationContext context);
}
