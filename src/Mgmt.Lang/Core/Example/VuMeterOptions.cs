namespace Mgmt.Lang.Core.ExampleFunctions;

/// <summary>
/// Where <c>example.vumeter</c> gets sound. Without an instance in the function context's services, the options
/// come from the environment variable <see cref="EnvironmentVariable"/> (see <see cref="FromEnvironment"/>); when
/// that is unset too, the function records one second at a time from the default capture device with <c>arecord</c>.
/// </summary>
public sealed class VuMeterOptions
{
    /// <summary>
    /// The variable users set to test or run the meter without the default microphone: a path (anything with a
    /// <c>/</c>) names a sound file, anything else an ALSA capture device (<c>hw:1,0</c>, <c>plughw:0</c>...).
    /// </summary>
    public const string EnvironmentVariable = "MGMT_VUMETER_SOURCE";

    /// <summary>A sound file played in a loop, one second per update; null = record from a capture device.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The ALSA capture device given to the recorder (<c>-D</c>); null = the recorder's default device.</summary>
    public string? Device { get; init; }

    /// <summary>The recorder program used when there is no source file.</summary>
    public string Recorder { get; init; } = "arecord";

    /// <summary>The options named by <see cref="EnvironmentVariable"/> in this process's environment.</summary>
    public static VuMeterOptions FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The options for a value of <see cref="EnvironmentVariable"/>; null or blank means the default device.</summary>
    public static VuMeterOptions Parse(string? source)
    {
        var text = source?.Trim();
        if (string.IsNullOrEmpty(text)) return new VuMeterOptions();
        return text.Contains('/', StringComparison.Ordinal) ? new VuMeterOptions { SourceFile = text } : new VuMeterOptions { Device = text };
    }
}
