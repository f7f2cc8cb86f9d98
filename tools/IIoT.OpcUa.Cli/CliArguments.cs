namespace IIoT.OpcUa.Cli;

/// <summary>Positional arguments and "--name value" options of one command; unknown options are usage errors.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    private CliArguments(List<string> positional)
    {
        Positional = positional;
    }

    public IReadOnlyList<string> Positional { get; }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> allowed)
    {
        var positional = new List<string>();
        var parsed = new CliArguments(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            if (!allowed.Contains(name))
            {
                throw new UsageException($"unknown option '{arg}'");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"option '{arg}' needs a value");
            }

            parsed._options[name] = args[++i];
        }

        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public int IntOption(string name, int fallback, int min)
    {
        var text = Option(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"--{name} must be an integer >= {min}, not '{text}'");
        }

        return value;
    }

    public TimeSpan TimeOption(string name, TimeSpan fallback)
    {
        var text = Option(name);
        if (text is null)
        {
            return fallback;
        }

        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero)
        {
            throw new UsageException($"--{name} must be a positive duration like 00:00:01, not '{text}'");
        }

        return value;
    }

    /// <summary>Exactly <paramref name="count"/> positional arguments, else a usage error naming what is missing.</summary>
    public void RequirePositional(int count, string what)
    {
        if (Positional.Count != count)
        {
            throw new UsageException(Positional.Count < count ? $"missing {what}" : $"unexpected argument '{Positional[count]}'");
        }
    }
}
