using System.Globalization;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// The control channel's text commands (one per line, case-insensitive):
/// <c>drop</c> | <c>pause-publish &lt;seconds&gt;</c> | <c>restart</c> |
/// <c>bad &lt;machine|*&gt; &lt;signal&gt; [Bad|Uncertain|&lt;StatusCodes name&gt;|0x...] [seconds]</c> |
/// <c>freeze &lt;machine|*&gt; &lt;signal&gt; [seconds]</c> | <c>clear &lt;machine|*&gt; &lt;signal&gt;</c>;
/// prefixed with <c>at &lt;seconds&gt;</c> in a schedule. '#' starts a comment.
/// </summary>
internal static class FaultCommandParser
{
    public static FaultStep Parse(string line)
    {
        var words = line.Split('#')[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) throw new FormatException("Empty command.");
        var at = TimeSpan.Zero;
        if (words[0].Equals("at", StringComparison.OrdinalIgnoreCase))
        {
            if (words.Length < 3) throw new FormatException("'at' needs seconds and a command.");
            at = Seconds(words[1]);
            words = words[2..];
        }

        var verb = words[0].ToLowerInvariant();
        var step = verb switch
        {
            "drop" => new FaultStep { Action = FaultAction.DropConnections },
            "pause-publish" => new FaultStep { Action = FaultAction.PausePublish, Duration = Seconds(Arg(words, 1, "seconds")) },
            "restart" => new FaultStep { Action = FaultAction.Restart },
            "bad" => new FaultStep
            {
                Action = FaultAction.BadQuality,
                Machine = Arg(words, 1, "machine"),
                Signal = Arg(words, 2, "signal"),
                Status = words.Length > 3 ? words[3] : "Bad",
                Duration = words.Length > 4 ? Seconds(words[4]) : null,
            },
            "freeze" => new FaultStep
            {
                Action = FaultAction.Freeze,
                Machine = Arg(words, 1, "machine"),
                Signal = Arg(words, 2, "signal"),
                Duration = words.Length > 3 ? Seconds(words[3]) : null,
            },
            "clear" => new FaultStep { Action = FaultAction.Clear, Machine = Arg(words, 1, "machine"), Signal = Arg(words, 2, "signal") },
            _ => throw new FormatException($"Unknown command '{words[0]}'; known: drop, pause-publish, restart, bad, freeze, clear."),
        };
        if (step.Status is not null) ParseStatus(step.Status);
        return step with { At = at };
    }

    /// <summary>"Bad", "Uncertain", "Good", a StatusCodes constant name, or a number (decimal or 0x hex).</summary>
    public static StatusCode ParseStatus(string text)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex))
        {
            return new StatusCode(hex);
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return new StatusCode(number);
        var field = typeof(StatusCodes).GetField(text, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.IgnoreCase);
        return field?.GetValue(null) is uint code ? new StatusCode(code) : throw new FormatException($"Unknown status '{text}'.");
    }

    private static string Arg(string[] words, int index, string what) =>
        words.Length > index ? words[index] : throw new FormatException($"'{words[0]}' needs a {what}.");

    private static TimeSpan Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && double.IsFinite(s)
            ? TimeSpan.FromSeconds(s)
            : throw new FormatException($"'{text}' is not a number of seconds.");
}
