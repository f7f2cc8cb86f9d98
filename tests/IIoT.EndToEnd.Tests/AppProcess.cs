using System.Globalization;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>One of our apps (cloud, gateway, simulators) started as a real process from its built dll.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly string _folder;
    private readonly string _project;
    private readonly Dictionary<string, string> _settings;
    private ManagedProcess? _process;

    public AppProcess(string name, string folder, string project, Dictionary<string, string> settings, int? httpPort)
    {
        _name = name;
        _folder = folder;
        _project = project;
        _settings = settings;
        HttpPort = httpPort;
        if (httpPort is { } port)
        {
            _settings["urls"] = $"http://127.0.0.1:{port}";
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    public int? HttpPort { get; }

    public HttpClient? Http { get; }

    public ManagedProcess Process => _process ?? throw new InvalidOperationException(_name + " is not running.");

    public string Output => _process?.Output ?? "";

    public IDictionary<string, string> Settings => _settings;

    public async Task StartAsync()
    {
        var arguments = new List<string> { RepoPaths.AppDll(_folder, _project) };
        arguments.AddRange(_settings.Select(s => $"--{s.Key}={s.Value}"));
        _process = ManagedProcess.Start(_name, "dotnet", arguments, new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });
        if (Http is not null)
        {
            await Wait.UntilAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{_name} exited with {_process.ExitCode}: {_process.Output}");
                }
                using var response = await Http.GetAsync("/healthz").ConfigureAwait(false);
                return true;
            }, TimeSpan.FromSeconds(60), $"{_name} to answer /healthz").ConfigureAwait(false);
        }
    }

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

    /// <summary>Sum of every series of one metric in the app's Prometheus text.</summary>
    public async Task<double> MetricAsync(string name)
    {
        var text = await Http!.GetStringAsync("/metrics").ConfigureAwait(false);
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return sum;
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
