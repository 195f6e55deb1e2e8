namespace Mgmt.Conformance;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("conformance runner: not built yet");
        return 1;
    }
}
