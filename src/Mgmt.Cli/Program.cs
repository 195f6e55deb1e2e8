namespace Mgmt.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("mgmt: not built yet");
        return 1;
    }
}
