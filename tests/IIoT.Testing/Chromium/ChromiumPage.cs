using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace IIoT.Testing.Chromium;

/// <summary>One tab: navigate, run script, wait for a condition, emulate a device, take a screenshot.</summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private readonly CdpConnection _connection;
    private readonly string _sessionId;
    private readonly string _targetId;
    private readonly string _contextId;
    private readonly ConcurrentQueue<string> _console = new();

    internal ChromiumPage(CdpConnection connection, string sessionId, string targetId, string contextId)
    {
        _connection = connection;
        _sessionId = sessionId;
        _targetId = targetId;
        _contextId = contextId;
        _connection.EventReceived += OnEvent;
    }

    /// <summary>Console messages, uncaught exceptions and CSP violations of the page, for assertions and failure messages.</summary>
    public IReadOnlyCollection<string> Console => _console;

    internal async Task EnableAsync(CancellationToken cancellationToken)
    {
        await SendAsync("Page.enable", null, cancellationToken).ConfigureAwait(false);
        await SendAsync("Runtime.enable", null, cancellationToken).ConfigureAwait(false);
        await SendAsync("Log.enable", null, cancellationToken).ConfigureAwait(false);
    }

    public Task<JsonElement> SendAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(method, parameters, _sessionId, cancellationToken);

    /// <summary>Navigates and waits until the document (after any redirects) has loaded.</summary>
    public async Task NavigateAsync(string url, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Page.navigate", new { url }, cancellationToken).ConfigureAwait(false);
        if (result.TryGetProperty("errorText", out var error) && error.GetString() is { Length: > 0 } text)
        {
            throw new CdpException($"Navigation to {url} failed: {text}");
        }
        await WaitForLoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WaitForLoadAsync(CancellationToken cancellationToken = default) =>
        WaitForAsync("document.readyState === 'complete' && location.href !== 'about:blank'", TimeSpan.FromSeconds(20), "the page to load", cancellationToken);

    /// <summary>Evaluates <paramref name="expression"/> (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, cancellationToken).ConfigureAwait(false);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new CdpException($"Script failed: {exception.GetRawText()}");
        }
        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v : default;
    }

    public async Task<T?> EvaluateAsync<T>(string expression, CancellationToken cancellationToken = default)
    {
        var value = await EvaluateAsync(expression, cancellationToken).ConfigureAwait(false);
        return value.ValueKind == JsonValueKind.Undefined ? default : value.Deserialize<T>();
    }

    /// <summary>Polls a boolean script expression until it is true (a navigation in between is tolerated).</summary>
    public Task WaitForAsync(string expression, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        Wait.UntilAsync(async () => await EvaluateAsync<bool>($"!!({expression})", cancellationToken).ConfigureAwait(false),
            timeout, what + (_console.IsEmpty ? "" : "; page console: " + string.Join(" | ", _console.TakeLast(10))));

    /// <summary>Emulates a device screen (CSS pixels); <paramref name="mobile"/> also turns on the meta viewport and touch.</summary>
    public Task SetViewportAsync(int width, int height, bool mobile = false, double deviceScaleFactor = 1, CancellationToken cancellationToken = default) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor, mobile }, cancellationToken);

    /// <summary>Sets the languages the page sees in navigator.language(s) and Accept-Language.</summary>
    public Task SetLocaleAsync(string acceptLanguage, CancellationToken cancellationToken = default) =>
        SendAsync("Emulation.setUserAgentOverride", new
        {
            userAgent = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChromium IIoT.Testing",
            acceptLanguage,
        }, cancellationToken);

    /// <summary>Saves a PNG of the viewport (or the whole page) to <paramref name="path"/>.</summary>
    public async Task ScreenshotAsync(string path, bool fullPage = false, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = fullPage }, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result.GetProperty("data").GetString()!), cancellationToken).ConfigureAwait(false);
    }

    private void OnEvent(string method, string? sessionId, JsonElement parameters)
    {
        if (sessionId != _sessionId)
        {
            return;
        }
        switch (method)
        {
            case "Runtime.consoleAPICalled":
                var args = parameters.GetProperty("args").EnumerateArray()
                    .Select(a => a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var d) ? d.GetString() : "?");
                _console.Enqueue($"console.{parameters.GetProperty("type").GetString()}: {string.Join(" ", args)}");
                break;
            case "Runtime.exceptionThrown":
                var details = parameters.GetProperty("exceptionDetails");
                _console.Enqueue("exception: " + (details.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var desc)
                    ? desc.GetString() : details.GetProperty("text").GetString()));
                break;
            case "Log.entryAdded":
                var entry = parameters.GetProperty("entry");
                _console.Enqueue(string.Create(CultureInfo.InvariantCulture,
                    $"log.{entry.GetProperty("level").GetString()}: {entry.GetProperty("text").GetString()}"));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _connection.EventReceived -= OnEvent;
        try
        {
            await _connection.SendAsync("Target.closeTarget", new { targetId = _targetId }).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await _connection.SendAsync("Target.disposeBrowserContext", new { browserContextId = _contextId }).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CdpException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
        }
    }
}
