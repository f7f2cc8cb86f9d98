using System.Text.Json;
using IIoT.Testing.Chromium;

namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the real service and influxd, with data posted through the batch API.
/// Screenshots go to <see cref="DashboardFixture.ScreenshotFolder"/>.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private const string MachineCards = "document.querySelectorAll('article.machine')";

    private static Task WaitForMachinesAsync(ChromiumPage page, int count = 3) =>
        page.WaitForAsync($"{MachineCards}.length >= {count} && document.querySelector('.machine .oee-value').textContent.includes('%')",
            Wait, $"{count} machine cards with an OEE figure");

    /// <summary>No uncaught exception, no failed request and no Content-Security-Policy violation in the page.</summary>
    private static void NoScriptErrors(ChromiumPage page)
    {
        var errors = page.Console.Where(m => m.StartsWith("exception", StringComparison.Ordinal)
            || m.Contains("Content Security Policy", StringComparison.Ordinal) || m.StartsWith("log.error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task Login_then_the_page_shows_the_tenants_sites_lines_and_machines()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "en-US");
            await page.SetViewportAsync(1920, 1080);
            await WaitForMachinesAsync(page);

            var structure = await page.EvaluateAsync<JsonElement>("""
                ({
                  sites: [...document.querySelectorAll('section.site')].map(s => s.dataset.site),
                  lines: [...document.querySelectorAll('div.line')].map(l => l.dataset.line),
                  machines: [...document.querySelectorAll('article.machine')].map(m => m.dataset.key),
                  labels: document.body.innerText,
                  tenant: document.getElementById('tenant').textContent
                })
                """);
            Assert.Equal(["plant1"], structure.GetProperty("sites").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["line1", "line2"], structure.GetProperty("lines").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["plant1/line1/m1", "plant1/line1/m2", "plant1/line2/m3"],
                structure.GetProperty("machines").EnumerateArray().Select(e => e.GetString()));
            var text = structure.GetProperty("labels").GetString()!;
            foreach (var label in new[] { "Availability", "Performance", "Quality", "OEE", "Stops" })
            {
                Assert.Contains(label, text, StringComparison.Ordinal);
            }
            Assert.Equal("alice · acme", structure.GetProperty("tenant").GetString());
            // The gateway goes on: m3 in setup (m1 may be in fault from the live-update test, which can run first).
            var now = DateTimeOffset.UtcNow;
            await fixture.Acme.SendAsync("plant1", "line2", "m3", now.AddSeconds(-2), now, _ => "setup");
            await page.WaitForAsync("document.querySelector('[data-key=\"plant1/line2/m3\"]').dataset.state === 'setup'", Wait, "m3 in setup");
            await page.ScreenshotAsync(DashboardFixture.Screenshot("overview-1920x1080"));

            // The window switch: the last 15 minutes instead of the default hour.
            Assert.Equal("1h", await page.EvaluateAsync<string>("document.getElementById('overview').dataset.window"));
            await page.EvaluateAsync("document.querySelector('#windows [data-window=\"15m\"]').click()");
            await page.WaitForAsync("document.getElementById('overview').dataset.window === '15m' && " +
                "document.querySelector('#windows [data-window=\"15m\"]').getAttribute('aria-pressed') === 'true'", Wait, "the 15 min window");
            await WaitForMachinesAsync(page);
            NoScriptErrors(page);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task The_page_updates_without_reload_when_new_data_arrives()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "en-US");
            await WaitForMachinesAsync(page);
            await page.SetViewportAsync(1920, 1080);
            await page.EvaluateAsync("window.__sameDocument = true; window.__renders = Number(document.body.dataset.renders)");
            var m1 = "document.querySelector('[data-key=\"plant1/line1/m1\"]')";
            var before = await page.EvaluateAsync<string>($"{m1}.querySelector('.parts').textContent");

            // m1 faults now: the gateway posts its next seconds (state fault, no more parts).
            var now = DateTimeOffset.UtcNow;
            await fixture.Acme.SendAsync("plant1", "line1", "m1", now.AddSeconds(-3), now, _ => "fault", fixture.M1Parts);

            await page.WaitForAsync($"{m1}.dataset.state === 'fault' && {m1}.querySelector('.state').textContent === 'Fault'", Wait, "m1 shown in fault");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true && Number(document.body.dataset.renders) > window.__renders"),
                "the page was reloaded instead of updated");
            Assert.Equal("live", await page.EvaluateAsync<string>("document.getElementById('live').dataset.live"));
            Assert.NotNull(before);
            await page.ScreenshotAsync(DashboardFixture.Screenshot("live-update-m1-fault"));
            NoScriptErrors(page);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_user_of_another_tenant_sees_none_of_it()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.SignedInPageAsync("bob", DashboardFixture.BobPassword, "en-US");
            await page.WaitForAsync("!document.getElementById('message').hidden", Wait, "the no-data message");
            Assert.Equal(0, await page.EvaluateAsync<int>($"{MachineCards}.length"));
            Assert.Equal("No KPI data yet for this tenant.", await page.EvaluateAsync<string>("document.getElementById('message').textContent"));
            Assert.DoesNotContain("plant1", await page.EvaluateAsync<string>("document.body.innerText"), StringComparison.Ordinal);

            // The API with bob's session: acme's machines are not there even when asked for by name.
            var answers = await page.EvaluateAsync<JsonElement>("""
                Promise.all([
                  fetch('/api/v1/kpis').then(r => r.json()),
                  fetch('/api/v1/kpis?site=plant1&line=line1&machine=m1&level=machine').then(r => r.json()),
                  fetch('/api/v1/machines/plant1/line1/m1/timeline').then(r => r.json()),
                  fetch('/api/v1/machines/plant1/line1/m2/stops').then(r => r.json()),
                  fetch('/api/v1/me').then(r => r.json())
                ])
                """);
            Assert.Equal(0, answers[0].GetProperty("kpis").GetArrayLength());
            Assert.Equal(0, answers[1].GetProperty("kpis").GetArrayLength());
            Assert.Equal(0, answers[2].GetProperty("spans").EnumerateArray().Count(s => s.GetProperty("state").GetString() != "unknown"));
            Assert.Equal(0, answers[3].GetProperty("stops").GetArrayLength());
            Assert.Equal("globex", answers[4].GetProperty("tenant").GetString());
            await page.ScreenshotAsync(DashboardFixture.Screenshot("other-tenant-empty"));
            NoScriptErrors(page);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Chinese_labels_appear_when_chosen_and_by_default_for_a_chinese_browser()
    {
        await Task.Run(async () =>
        {
            await using (var page = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "en-US"))
            {
                await WaitForMachinesAsync(page);
                Assert.Contains("Availability", await page.EvaluateAsync<string>("document.body.innerText"), StringComparison.Ordinal);
                await page.EvaluateAsync("const s = document.getElementById('lang'); s.value = 'zh-CN'; s.dispatchEvent(new Event('change'))");
                await page.WaitForAsync("document.documentElement.lang === 'zh-CN' && document.body.innerText.includes('可用率')", Wait, "Chinese labels");
                var text = await page.EvaluateAsync<string>("document.body.innerText");
                foreach (var label in new[] { "生产看板", "性能", "质量", "停机次数", "退出登录" })
                {
                    Assert.Contains(label, text, StringComparison.Ordinal);
                }
                Assert.DoesNotContain("Availability", text, StringComparison.Ordinal);
                // Kept for the next visit.
                await page.NavigateAsync(fixture.BaseUrl + "/");
                await page.WaitForAsync("document.body.innerText.includes('可用率')", Wait, "Chinese labels after a reload");
                await page.ScreenshotAsync(DashboardFixture.Screenshot("overview-zh-CN"));
                NoScriptErrors(page);
            }
            await using (var chinese = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "zh-CN,zh;q=0.9", "login-zh-CN"))
            {
                await chinese.WaitForAsync("document.documentElement.lang === 'zh-CN' && document.body.innerText.includes('可用率')", Wait,
                    "Chinese labels from the browser language");
            }
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_phone_screen_shows_one_column()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "en-US");
            await page.SetViewportAsync(390, 844, mobile: true, deviceScaleFactor: 2);
            await page.NavigateAsync(fixture.BaseUrl + "/");
            await WaitForMachinesAsync(page);
            var layout = await page.EvaluateAsync<JsonElement>($$"""
                ({
                  width: window.innerWidth,
                  scrollWidth: document.documentElement.scrollWidth,
                  cards: [...{{MachineCards}}].map(c => { const r = c.getBoundingClientRect(); return { left: r.left, width: r.width, top: r.top }; })
                })
                """);
            Assert.Equal(390, layout.GetProperty("width").GetInt32());
            // Nothing wider than the screen, and the cards stacked: same left edge, nearly full width, one below the other.
            Assert.True(layout.GetProperty("scrollWidth").GetInt32() <= 390, $"page scrolls sideways: {layout}");
            var cards = layout.GetProperty("cards").EnumerateArray().Select(c => (Left: c.GetProperty("left").GetDouble(),
                Width: c.GetProperty("width").GetDouble(), Top: c.GetProperty("top").GetDouble())).ToList();
            Assert.Equal(3, cards.Count);
            Assert.All(cards, c => Assert.Equal(cards[0].Left, c.Left, 1.0));
            Assert.All(cards, c => Assert.InRange(c.Width, 300, 390));
            Assert.True(cards[0].Top < cards[1].Top && cards[1].Top < cards[2].Top, $"cards not stacked: {layout}");
            await page.ScreenshotAsync(DashboardFixture.Screenshot("phone-390x844"), fullPage: true);
            NoScriptErrors(page);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task Machine_detail_shows_state_timeline_oee_trend_and_stops_with_durations()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.SignedInPageAsync("alice", DashboardFixture.AlicePassword, "en-US");
            await page.SetViewportAsync(1920, 1080);
            await WaitForMachinesAsync(page);
            await page.EvaluateAsync("document.querySelector('[data-key=\"plant1/line1/m2\"]').click()");
            await page.WaitForAsync("!document.getElementById('detail').hidden && document.querySelectorAll('#detail-stops tbody tr.stop').length >= 1",
                Wait, "the detail of m2 with its stop");
            // The trend gets a point per KPI cycle; two make a line.
            await page.WaitForAsync("document.querySelector('#detail-trend polyline') !== null", Wait, "the OEE trend line");

            var detail = await page.EvaluateAsync<JsonElement>("""
                ({
                  title: document.getElementById('detail-title').textContent,
                  states: [...document.querySelectorAll('#detail-timeline rect[data-state]')].map(r => r.dataset.state),
                  idleBars: document.querySelectorAll('#detail-timeline rect.st-idle').length,
                  stop: [...document.querySelector('#detail-stops tbody tr.stop').cells].map(c => c.textContent),
                  points: document.querySelector('#detail-trend polyline').getAttribute('points').trim().split(' ').length
                })
                """);
            Assert.Equal("plant1 › line1 › m2", detail.GetProperty("title").GetString());
            var states = detail.GetProperty("states").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("running", states);
            Assert.Contains("idle", states);
            Assert.True(detail.GetProperty("idleBars").GetInt32() >= 1);
            // m2 was idle for 20 s.
            var stop = detail.GetProperty("stop").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Matches(@"^(19|20|21) s$", stop[1]);
            Assert.StartsWith("Idle", stop[2], StringComparison.Ordinal);
            Assert.True(detail.GetProperty("points").GetInt32() >= 2);
            await page.ScreenshotAsync(DashboardFixture.Screenshot("machine-detail-m2"), fullPage: true);
            NoScriptErrors(page);

            await page.EvaluateAsync("document.getElementById('back').click()");
            await page.WaitForAsync("document.getElementById('detail').hidden && !document.getElementById('overview').hidden", Wait, "the overview again");
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_window_with_lost_data_is_marked_incomplete()
    {
        await Task.Run(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            await fixture.Initech.SendAsync("plant9", "lineA", "x1", now.AddSeconds(-30), now, _ => "running");
            await fixture.Initech.SendLossAsync(now.AddSeconds(-20), now.AddSeconds(-15));

            await using var page = await fixture.SignedInPageAsync("dave", DashboardFixture.DavePassword, "en-US");
            await page.SetViewportAsync(1920, 1080);
            var x1 = "document.querySelector('[data-key=\"plant9/lineA/x1\"]')";
            await page.WaitForAsync($"{x1} !== null && {x1}.classList.contains('incomplete')", Wait, "x1 marked incomplete");
            Assert.StartsWith("⚠ Incomplete", await page.EvaluateAsync<string>($"{x1}.querySelector('.badge.incomplete').textContent"), StringComparison.Ordinal);
            Assert.Equal("Data is missing for part of this window", await page.EvaluateAsync<string>($"{x1}.querySelector('.badge.incomplete').title"));
            await page.ScreenshotAsync(DashboardFixture.Screenshot("incomplete-window"));
            NoScriptErrors(page);
        }).WaitAsync(Timeout);
    }

    [Fact]
    public async Task The_login_form_says_when_the_password_is_wrong_and_does_not_sign_in()
    {
        await Task.Run(async () =>
        {
            await using var page = await fixture.Browser.NewPageAsync();
            await page.SetLocaleAsync("en-US");
            await page.NavigateAsync(fixture.BaseUrl + "/login");
            await page.EvaluateAsync("""
                document.getElementById('username').value = 'alice';
                document.getElementById('password').value = 'not-her-password';
                document.getElementById('sign-in').click();
                """);
            await page.WaitForAsync("location.search.includes('error=failed') && document.readyState === 'complete' && !document.getElementById('error').hidden",
                Wait, "the login error");
            Assert.Equal("User name or password is wrong.", await page.EvaluateAsync<string>("document.getElementById('error').textContent"));
            NoScriptErrors(page);
            Assert.Equal(401, await page.EvaluateAsync<int>("fetch('/api/v1/me').then(r => r.status)"));
        }).WaitAsync(Timeout);
    }
}
