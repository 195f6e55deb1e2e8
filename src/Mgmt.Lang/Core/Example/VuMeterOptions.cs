namespace Mgmt.Lang.Core.ExampleFunctions;

/// <summary>
/// Where <c>example.vumeter</c> gets sound. Register an instance in the function context's services to read a
/// file (raw signed 16-bit little-endian mono at 8 kHz, or a WAV file of that format) instead of the microphone;
/// without it the function records one second at a time with <c>arecord</c>.
/// </summary>
public sealed class VuMeterOptions
{
    /// <summary>A sound file played in a loop, one second per update; null = record from the microphone.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The recorder program used when there is no source file.</summary>
    public string Recorder { get; init; } = "arecord";
}
