namespace IIoT.Testing.Chromium;

/// <summary>
/// A headless Chromium (Debian package "chromium") driven over the DevTools protocol: started with its own temporary
/// profile and a DevTools port it picks itself (read from DevToolsActivePort), closed and killed with its children
/// on dispose so that no process is left behind.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private readonly TempFolder _profile;
    private readonly ManagedProcess _process;
    private readonly CdpConnection _connection;

    private ChromiumBrowser(TempFolder profile, ManagedProcess process, CdpConnection connection)
    {
        _profile = profile;
        _process = process;
        _connection = connection;
    }

    public string Output => _process.Output;

    /// <summary>The temporary profile folder; every process of this browser has it on its command line.</summary>
    public string ProfilePath => _profile.Path;

    /// <summary>Ids of the running processes of this browser (found by its profile folder on their command line).</summary>
    public static IReadOnlyList<int> ProcessesOf(string profilePath)
    {
        var marker = "--user-data-dir=" + profilePath;
        var ids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                // Arguments are NUL-separated; the marker is one whole argument.
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(marker))
                {
                    ids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return ids;
    }

    public static async Task<ChromiumBrowser> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = Executables.Require("chromium", "chromium");
        var profile = new TempFolder("iiot-chromium");
        ManagedProcess? process = null;
        try
        {
            process = ManagedProcess.Start("chromium", executable,
            [
                "--headless=new", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "--no-sandbox",
                "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-breakpad", "--mute-audio", "--window-size=1920,1080", "about:blank",
            ]);
            var portFile = profile.Combine("DevToolsActivePort");
            string[] lines = [];
            await Wait.UntilAsync(() =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {process.Output}");
                }
                // Chromium writes the port then the browser target path; wait until both lines are there.
                lines = File.Exists(portFile) ? File.ReadAllLines(portFile) : [];
                return lines.Length >= 2 && lines[1].StartsWith("/devtools/browser/", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(20), "chromium to write DevToolsActivePort").WaitAsync(cancellationToken).ConfigureAwait(false);
            var endpoint = new Uri($"ws://127.0.0.1:{int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture)}{lines[1]}");
            var connection = await CdpConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new ChromiumBrowser(profile, process, connection);
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
            profile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new tab in a browser context of its own (own cookies and storage, like a separate incognito window), so two
    /// users can be signed in side by side.
    /// </summary>
    public async Task<ChromiumPage> NewPageAsync(CancellationToken cancellationToken = default)
    {
        var context = await _connection.SendAsync("Target.createBrowserContext", new { disposeOnDetach = false }, null, cancellationToken).ConfigureAwait(false);
        var contextId = context.GetProperty("browserContextId").GetString()!;
        var target = await _connection.SendAsync("Target.createTarget", new { url = "about:blank", browserContextId = contextId }, null, cancellationToken).ConfigureAwait(false);
        var targetId = target.GetProperty("targetId").GetString()!;
        var attached = await _connection.SendAsync("Target.attachToTarget", new { targetId, flatten = true }, null, cancellationToken).ConfigureAwait(false);
        var page = new ChromiumPage(_connection, attached.GetProperty("sessionId").GetString()!, targetId, contextId);
        await page.EnableAsync(cancellationToken).ConfigureAwait(false);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A clean close lets Chromium end its helper processes itself.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _connection.SendAsync("Browser.close", null, null, timeout.Token).ConfigureAwait(false);
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or CdpException or System.Net.WebSockets.WebSocketException)
        {
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
        // Kills whatever is left of the process tree (renderers, zygotes).
        await _process.DisposeAsync().ConfigureAwait(false);
        // A helper that was re-parented away from the tree is still ours: its command line names our profile.
        foreach (var pid in ProcessesOf(_profile.Path))
        {
            try
            {
                using var straggler = System.Diagnostics.Process.GetProcessById(pid);
                straggler.Kill();
                await straggler.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
            }
        }
        _profile.Dispose();
    }
}
