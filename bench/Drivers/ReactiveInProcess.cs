namespace Mgmt.Bench;

/// <summary>
/// B7 in one process: runs `file OUT { content => os.readfile(IN) }` on a real engine through
/// <see cref="LangHost"/> and measures input write -> output written with <see cref="FollowDriver"/>.
/// </summary>
internal static class ReactiveInProcess
{
    public static async Task<int> RunAsync(Options options)
    {
        var dir = Path.GetFullPath(options.Text("dir"));
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        var input = Path.Combine(dir, "input.txt");
        var output = Path.Combine(dir, "out", "output.txt");
        File.WriteAllText(input, "start\n");
        var program = Path.Combine(dir, "main.mcl");
        File.WriteAllText(program, ReactiveProgram.Text(input, output));
        await using var host = LangHost.Start(program, Path.Combine(dir, "state"));
        return await FollowDriver.MeasureAsync(input, output, options.Int("samples", 100), "inproc", TimeSpan.FromSeconds(60));
    }
}

/// <summary>The B7 program: a file whose content follows another file's.</summary>
internal static class ReactiveProgram
{
    public static string Text(string input, string output) => $$"""
        import "os"

        file "{{output}}" {
        	state => "exists",
        	content => os.readfile("{{input}}"),
        }
        """ + "\n";
}
