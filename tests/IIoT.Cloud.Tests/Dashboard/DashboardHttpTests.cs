using System.Net;
using System.Text;
using System.Text.Json;

namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>Login, sessions, tenant separation and the events stream over plain HTTP against the real service.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardHttpTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static FormUrlEncodedContent LoginForm(string user, string password) =>
        new([new("username", user), new("password", password), new("returnUrl", "/")]);

    private async Task<HttpClient> SignedInAsync(string user, string password)
    {
        var client = fixture.NewHttpClient();
        using var response = await client.PostAsync("/login", LoginForm(user, password));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_and_the_page_redirects_to_login()
    {
        await Task.Run(async () =>
        {
            using var client = fixture.NewHttpClient();
            foreach (var path in new[] { "/api/v1/kpis", "/api/v1/events", "/api/v1/me", "/api/v1/machines/plant1/line1/m1/timeline" })
            {
                using var api = await client.GetAsync(path);
                Assert.True(api.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {api.StatusCode}");
            }
            using var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Login_sets_a_strict_http_only_session_cookie_and_logout_ends_it()
    {
        await Task.Run(async () =>
        {
            using var client = fixture.NewHttpClient();
            using var login = await client.PostAsync("/login", LoginForm("alice", DashboardFixture.AlicePassword));
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
            var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

            var me = JsonDocument.Parse(await client.GetStringAsync("/api/v1/me")).RootElement;
            Assert.Equal("alice", me.GetProperty("name").GetString());
            Assert.Equal("acme", me.GetProperty("tenant").GetString());

            using var logout = await client.PostAsync("/logout", null);
            Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
            using var after = await client.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_no_password_is_ever_logged()
    {
        await Task.Run(async () =>
        {
            using var client = fixture.NewHttpClient();
            const string guess = "guessed-Password-987";
            using var response = await client.PostAsync("/login", LoginForm("alice", guess));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.StartsWith("/login?error=failed", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            using var me = await client.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);

            (await SignedInAsync("alice", DashboardFixture.AlicePassword)).Dispose();
            Assert.Contains(fixture.Logs.Messages, m => m.Contains("[5101]", StringComparison.Ordinal) && m.Contains("alice", StringComparison.Ordinal));
            foreach (var secret in new[] { guess, DashboardFixture.AlicePassword, DashboardFixture.BobPassword, DashboardFixture.CarolPassword })
            {
                Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
            }
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Repeated_failures_block_the_user_even_with_the_right_password()
    {
        await Task.Run(async () =>
        {
            using var client = fixture.NewHttpClient();
            for (var i = 0; i < DashboardFixture.MaxFailuresPerUser; i++)
            {
                using var failed = await client.PostAsync("/login", LoginForm("carol", $"wrong-{i}"));
                Assert.StartsWith("/login?error=failed", failed.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
            using var blocked = await client.PostAsync("/login", LoginForm("carol", DashboardFixture.CarolPassword));
            Assert.Equal("/login?error=throttled", blocked.Headers.Location!.OriginalString);
            Assert.False(blocked.Headers.Contains("Set-Cookie"));
            // Other users are not affected.
            (await SignedInAsync("alice", DashboardFixture.AlicePassword)).Dispose();
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_login_form_posted_from_another_site_is_refused()
    {
        await Task.Run(async () =>
        {
            using var client = fixture.NewHttpClient();
            using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = LoginForm("alice", DashboardFixture.AlicePassword) };
            crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
            using var refused = await client.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            using var otherOrigin = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = LoginForm("alice", DashboardFixture.AlicePassword) };
            otherOrigin.Headers.Add("Origin", "http://evil.example");
            using var refused2 = await client.SendAsync(otherOrigin);
            Assert.Equal(HttpStatusCode.Forbidden, refused2.StatusCode);
            Assert.False(refused2.Headers.Contains("Set-Cookie"));
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Page_and_assets_have_their_content_types_and_a_strict_content_security_policy()
    {
        await Task.Run(async () =>
        {
            using var client = await SignedInAsync("alice", DashboardFixture.AlicePassword);
            using var anonymous = fixture.NewHttpClient();
            (string Path, string Type)[] expected =
            [
                ("/", "text/html"), ("/login", "text/html"), ("/assets/dashboard.js", "text/javascript"),
                ("/assets/i18n.js", "text/javascript"), ("/assets/charts.js", "text/javascript"), ("/assets/dashboard.css", "text/css"),
            ];
            foreach (var (path, type) in expected)
            {
                // The login form is for those without a session; a signed-in user is sent on to the page.
                using var response = await (path == "/login" ? anonymous : client).GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
                Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
                var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
                Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
                Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
                Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
                Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            }
            var html = await client.GetStringAsync("/");
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http", html.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);
            using var signedInLogin = await client.GetAsync("/login");
            Assert.Equal(HttpStatusCode.SeeOther, signedInLogin.StatusCode);
            Assert.Equal("/", signedInLogin.Headers.Location?.OriginalString);
            using var missing = await client.GetAsync("/assets/nothing.js");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Events_stream_tells_only_the_users_tenant_about_new_kpis_and_sends_heartbeats()
    {
        await Task.Run(async () =>
        {
            using var alice = await SignedInAsync("alice", DashboardFixture.AlicePassword);
            using var bob = await SignedInAsync("bob", DashboardFixture.BobPassword);
            using var aliceStream = await OpenEventsAsync(alice);
            using var bobStream = await OpenEventsAsync(bob);
            // acme's machines send data; globex has none, so its KPIs never change.
            var aliceText = await ReadUntilAsync(aliceStream, text => CountOf(text, "event: kpis") >= 2);
            // Both streams beat on the same period from about the same start: one beat more than alice has seen
            // means bob's stream has covered the time of alice's events.
            var beats = CountOf(aliceText, ": heartbeat");
            var bobText = await ReadUntilAsync(bobStream, text => CountOf(text, ": heartbeat") >= beats + 1);

            Assert.Contains("data: {\"time\":", aliceText, StringComparison.Ordinal);
            Assert.DoesNotContain("event: kpis", bobText, StringComparison.Ordinal);
        }).WaitAsync(Timeout);
    }

    private static async Task<StreamReader> OpenEventsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, Func<string, bool> done)
    {
        var text = new StringBuilder();
        while (!done(text.ToString()))
        {
            var line = await reader.ReadLineAsync() ?? throw new EndOfStreamException("The events stream ended: " + text);
            text.AppendLine(line);
        }
        return text.ToString();
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
