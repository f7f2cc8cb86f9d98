using System.Net;
using System.Text.Json;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>A dashboard user signed in to the cloud (form login, session cookie), for the KPI JSON API.</summary>
internal sealed class DashboardSession : IDisposable
{
    private readonly HttpClient _http;

    private DashboardSession(HttpClient http) => _http = http;

    public static async Task<DashboardSession> SignInAsync(int cloudPort, string user, string password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{cloudPort}"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode != HttpStatusCode.SeeOther || location.Contains("error", StringComparison.Ordinal))
        {
            http.Dispose();
            throw new InvalidOperationException($"login as {user} failed: {(int)response.StatusCode} -> {location}");
        }
        return new DashboardSession(http);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
