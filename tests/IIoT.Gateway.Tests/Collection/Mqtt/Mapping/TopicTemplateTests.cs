using IIoT.Gateway.Collection.Mqtt.Mapping;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt.Mapping;

public sealed class TopicTemplateTests
{
    [Theory]
    [InlineData("factory/{site}/{area}/{line}/{machine}/telemetry", "factory/p1/a1/l1/m1/telemetry", true)]
    [InlineData("factory/{site}/{area}/{line}/{machine}/telemetry", "factory/p1/a1/l1/m1/status", false)]
    [InlineData("factory/{site}/{area}/{line}/{machine}/telemetry", "factory/p1/a1/l1/m1", false)]
    [InlineData("factory/{site}/{area}/{line}/{machine}/telemetry", "factory/p1/a1/l1/m1/telemetry/x", false)]
    [InlineData("factory/{site}/{area}/{line}/{machine}/telemetry", "other/p1/a1/l1/m1/telemetry", false)]
    [InlineData("factory/+/{machine}", "factory/anything/m1", true)]
    [InlineData("factory/+/{machine}", "factory/m1", false)]
    [InlineData("factory/{machine}/#", "factory/m1", true)]
    [InlineData("factory/{machine}/#", "factory/m1/a/b/c", true)]
    [InlineData("#", "any/topic/at/all", true)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/b", "a/bb", false)]
    public void TryMatch_follows_literal_capture_and_wildcard_segments(string template, string topic, bool matches)
    {
        Assert.True(TopicTemplate.TryParse(template, out var parsed, out var error), error);
        var captures = TopicCaptures.None;
        Assert.Equal(matches, parsed!.TryMatch(topic, ref captures));
    }

    [Fact]
    public void TryMatch_captures_the_asset_levels()
    {
        TopicTemplate.TryParse("factory/{site}/{area}/{line}/{machine}/telemetry", out var template, out _);
        var captures = TopicCaptures.None;
        const string topic = "factory/plant1/assembly/line1/m01/telemetry";

        Assert.True(template!.TryMatch(topic, ref captures));

        Assert.Equal("plant1", captures.Get(topic, AssetField.Site));
        Assert.Equal("assembly", captures.Get(topic, AssetField.Area));
        Assert.Equal("line1", captures.Get(topic, AssetField.Line));
        Assert.Equal("m01", captures.Get(topic, AssetField.Machine));
    }

    [Theory]
    [InlineData("a/#/b", "last segment")]
    [InlineData("a/{plant}", "unknown capture")]
    [InlineData("a/{site}/{site}", "twice")]
    [InlineData("a/x+", "mixes")]
    [InlineData("", "empty")]
    public void TryParse_rejects_invalid_templates(string template, string expected)
    {
        Assert.False(TopicTemplate.TryParse(template, out _, out var error));
        Assert.Contains(expected, error);
    }
}
