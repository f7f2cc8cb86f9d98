using IIoT.Testing.Chromium;

namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>The test browser itself: it runs pages and leaves no process or profile behind.</summary>
public sealed class ChromiumBrowserTests
{
    [Fact]
    public async Task Browser_runs_script_and_on_dispose_leaves_no_process_and_no_profile_behind()
    {
        await Task.Run(async () =>
        {
            string profile;
            await using (var browser = await ChromiumBrowser.StartAsync())
            {
                profile = browser.ProfilePath;
                Assert.NotEmpty(ChromiumBrowser.ProcessesOf(profile));
                await using var page = await browser.NewPageAsync();
                await page.NavigateAsync("data:text/html,<title>t</title><p id=p>hello</p>");
                Assert.Equal("hello", await page.EvaluateAsync<string>("document.getElementById('p').textContent"));
                Assert.Equal(42, await page.EvaluateAsync<int>("Promise.resolve(40 + 2)"));
                await Assert.ThrowsAsync<CdpException>(() => page.EvaluateAsync("no_such_function()"));
            }
            Assert.Empty(ChromiumBrowser.ProcessesOf(profile));
            Assert.False(Directory.Exists(profile));
        }).WaitAsync(TimeSpan.FromSeconds(40));
    }
}
