using System.Net;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Dashboard;
using IIoT.Cloud.Tests.Support;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Tests.Dashboard;

public sealed class LoginRulesTests
{
    private static CloudOptions Options(params UserOptions[] users) => new()
    {
        Storage = new StorageOptions { Url = "http://127.0.0.1:8086" },
        Tenants = [new TenantOptions { Id = "acme", Database = "acme" }, new TenantOptions { Id = "globex", Database = "globex" }],
        Users = [.. users],
    };

    [Fact]
    public void Users_verify_by_clear_or_hashed_password_and_name_case_does_not_matter()
    {
        var directory = new UserDirectory(Microsoft.Extensions.Options.Options.Create(Options(
            new UserOptions { Name = "alice", Tenant = "acme", Password = "alice-secret" },
            new UserOptions { Name = "Bob", Tenant = "globex", PasswordSha256 = Convert.ToHexString(UserDirectory.Hash("bob-secret")) })));

        Assert.Equal(("alice", "acme"), directory.Verify("ALICE", "alice-secret"));
        Assert.Equal(("Bob", "globex"), directory.Verify("bob", "bob-secret"));
        Assert.Null(directory.Verify("alice", "bob-secret"));
        Assert.Null(directory.Verify("alice", "Alice-secret"));
        Assert.Null(directory.Verify("carol", "alice-secret"));
        Assert.Null(directory.Verify("alice", ""));
        Assert.Null(directory.Verify("alice", new string('x', 5000)));
    }

    [Fact]
    public void Validator_reports_user_problems()
    {
        var options = Options(
            new UserOptions { Name = "", Tenant = "acme", Password = "p" },
            new UserOptions { Name = "alice", Tenant = "nope", Password = "p" },
            new UserOptions { Name = "ALICE", Tenant = "acme", Password = "p" },
            new UserOptions { Name = "bob", Tenant = "acme" },
            new UserOptions { Name = "carol", Tenant = "acme", Password = "p", PasswordSha256 = new string('a', 64) },
            new UserOptions { Name = "dave", Tenant = "acme", PasswordSha256 = "xyz" });

        var failures = new CloudOptionsValidator().Validate(null, options).Failures!.ToList();

        string[] expected =
        [
            "Users:0:Name is required", "Users:1:Tenant 'nope' is not a configured tenant", "Users:2:Name 'ALICE' is used twice",
            "Users:3: exactly one of Password and PasswordSha256", "Users:4: exactly one of Password and PasswordSha256",
            "Users:5:PasswordSha256 must be 64 hex digits",
        ];
        foreach (var text in expected)
        {
            Assert.Contains(failures, f => f.Contains(text, StringComparison.Ordinal));
        }
        Assert.Equal(expected.Length, failures.Count);
        Assert.True(new CloudOptionsValidator().Validate(null, Options(new UserOptions { Name = "a", Tenant = "acme", Password = "p" })).Succeeded);
    }

    [Fact]
    public void Throttle_blocks_a_user_name_after_its_failures_until_the_window_ends()
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            MaxLoginFailuresPerUser = 3, MaxLoginFailuresPerAddress = 100, LoginFailureWindow = TimeSpan.FromMinutes(5),
        }), clock);
        var a = IPAddress.Parse("10.0.0.1");
        var b = IPAddress.Parse("10.0.0.2");

        throttle.RecordFailure("alice", a);
        throttle.RecordFailure("Alice", b);
        Assert.False(throttle.IsBlocked("alice", a));
        throttle.RecordFailure("alice", b);

        // Spread over two addresses, the user name is still blocked; another user from the same address is not.
        Assert.True(throttle.IsBlocked("ALICE", IPAddress.Parse("10.0.0.3")));
        Assert.False(throttle.IsBlocked("bob", a));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(throttle.IsBlocked("alice", a));
    }

    [Fact]
    public void Throttle_blocks_an_address_trying_many_users_and_a_success_clears_only_the_user()
    {
        var throttle = new LoginThrottle(Microsoft.Extensions.Options.Options.Create(new DashboardOptions
        {
            MaxLoginFailuresPerUser = 2, MaxLoginFailuresPerAddress = 3,
        }), new ManualClock());
        var attacker = IPAddress.Parse("2001:db8::1");

        throttle.RecordFailure("u1", attacker);
        throttle.RecordFailure("u2", attacker);
        throttle.RecordFailure("u3", IPAddress.Parse("2001:db8::ffff"));   // same /64

        Assert.True(throttle.IsBlocked("u4", attacker));
        Assert.False(throttle.IsBlocked("u4", IPAddress.Parse("2001:db9::1")));

        throttle.RecordFailure("carol", IPAddress.Loopback);
        throttle.RecordFailure("carol", IPAddress.Loopback);
        Assert.True(throttle.IsBlocked("carol", IPAddress.IPv6Loopback));
        throttle.RecordSuccess("carol");
        Assert.False(throttle.IsBlocked("carol", IPAddress.IPv6Loopback));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/#/plant1/line1/m1", "/#/plant1/line1/m1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Return_url_after_login_stays_on_this_site(string? url, string expected) =>
        Assert.Equal(expected, LoginEndpoints.LocalUrlOrRoot(url));
}
