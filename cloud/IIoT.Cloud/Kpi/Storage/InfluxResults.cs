using System.Text.Json;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>Reads the JSON answer of /query: {"results":[{"statement_id":0,"series":[{name,tags,columns,values}]}]}.</summary>
internal static class InfluxResults
{
    /// <summary>The first error of the answer (top level or of a statement), or null.</summary>
    public static string? Error(JsonDocument document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the answer is not a JSON object";
        }
        if (root.TryGetProperty("error", out var error))
        {
            return error.GetString() ?? "error";
        }
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return "the answer has no results";
        }
        string? notExecuted = null;
        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out var statementError))
            {
                var message = statementError.GetString() ?? "error";
                if (message != "not executed")
                {
                    return message;
                }
                // The statements after a failed one are "not executed": report the failure itself.
                notExecuted ??= message;
                continue;
            }
            if (result.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True)
            {
                // max-row-limit cut the answer: a KPI from part of the data would be wrong, not just late.
                return "the answer was truncated (max-row-limit of the server)";
            }
        }
        return notExecuted;
    }

    /// <summary>The series of statement <paramref name="statement"/> (all statements when negative).</summary>
    public static IEnumerable<InfluxSeries> Series(JsonDocument document, int statement = -1)
    {
        if (!document.RootElement.TryGetProperty("results", out var results))
        {
            yield break;
        }
        var index = 0;
        foreach (var result in results.EnumerateArray())
        {
            if ((statement < 0 || index == statement) && result.TryGetProperty("series", out var series))
            {
                foreach (var element in series.EnumerateArray())
                {
                    yield return new InfluxSeries(element);
                }
            }
            index++;
        }
    }
}
