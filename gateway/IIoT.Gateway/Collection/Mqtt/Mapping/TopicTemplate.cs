namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>
/// A precompiled topic template: literal segments must match, "{site}" "{area}" "{line}" "{machine}" capture one
/// segment, "+" matches any one segment and a final "#" matches the rest (also nothing, as in an MQTT filter).
/// Matching walks the topic in place; nothing is allocated unless it matches.
/// </summary>
internal sealed class TopicTemplate
{
    private readonly Segment[] _segments;
    private readonly bool _endsWithMultiLevel;

    private TopicTemplate(Segment[] segments, bool endsWithMultiLevel)
    {
        _segments = segments;
        _endsWithMultiLevel = endsWithMultiLevel;
    }

    /// <summary>The asset levels this template captures.</summary>
    public bool Captures(AssetField field)
    {
        foreach (var segment in _segments)
        {
            if (segment.Kind == SegmentKind.Capture && segment.Field == field)
            {
                return true;
            }
        }
        return false;
    }

    public static bool TryParse(string template, out TopicTemplate? result, out string? error)
    {
        result = null;
        if (string.IsNullOrEmpty(template))
        {
            error = "the topic template is empty";
            return false;
        }
        var parts = template.Split('/');
        var segments = new List<Segment>(parts.Length);
        var multiLevel = false;
        var captured = new HashSet<AssetField>();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == "#")
            {
                if (i != parts.Length - 1)
                {
                    error = "'#' may only be the last segment";
                    return false;
                }
                multiLevel = true;
            }
            else if (part == "+")
            {
                segments.Add(new Segment(SegmentKind.AnyOne, "", default));
            }
            else if (part.StartsWith('{') && part.EndsWith('}'))
            {
                AssetField field;
                switch (part)
                {
                    case "{site}": field = AssetField.Site; break;
                    case "{area}": field = AssetField.Area; break;
                    case "{line}": field = AssetField.Line; break;
                    case "{machine}": field = AssetField.Machine; break;
                    default:
                        error = $"unknown capture '{part}' (use {{site}}, {{area}}, {{line}} or {{machine}})";
                        return false;
                }
                if (!captured.Add(field))
                {
                    error = $"'{part}' is captured twice";
                    return false;
                }
                segments.Add(new Segment(SegmentKind.Capture, "", field));
            }
            else if (part.Contains('+') || part.Contains('#') || part.Contains('{') || part.Contains('}'))
            {
                error = $"segment '{part}' mixes a wildcard or capture with text";
                return false;
            }
            else
            {
                segments.Add(new Segment(SegmentKind.Literal, part, default));
            }
        }
        result = new TopicTemplate([.. segments], multiLevel);
        error = null;
        return true;
    }

    public bool TryMatch(string topic, ref TopicCaptures captures)
    {
        var position = 0;
        var topicLength = topic.Length;
        var segmentIndex = 0;
        for (; segmentIndex < _segments.Length; segmentIndex++)
        {
            if (position > topicLength)
            {
                return false; // the topic has fewer segments than the template
            }
            var end = topic.IndexOf('/', position);
            if (end < 0)
            {
                end = topicLength;
            }
            var segment = _segments[segmentIndex];
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    if (!topic.AsSpan(position, end - position).SequenceEqual(segment.Literal))
                    {
                        return false;
                    }
                    break;
                case SegmentKind.Capture:
                    captures.Set(segment.Field, position, end - position);
                    break;
            }
            position = end + 1;
        }
        // All template segments consumed: an exact match needs the topic consumed too; "#" takes whatever is left.
        return _endsWithMultiLevel || position == topicLength + 1;
    }

    private enum SegmentKind
    {
        Literal,
        Capture,
        AnyOne,
    }

    private readonly record struct Segment(SegmentKind Kind, string Literal, AssetField Field);
}
