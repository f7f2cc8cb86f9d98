using System.Globalization;
using IIoT.Cloud.Dashboard;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IIoT.Cloud.Kpi.Api;

/// <summary>
/// The JSON API of the KPIs, behind the dashboard login; the tenant is always the signed-in user's, never a parameter.
/// GET /api/v1/kpis, /api/v1/kpis/trend, /api/v1/machines/{site}/{line}/{machine}/timeline and .../stops.
/// </summary>
internal static class KpiEndpoints
{
    private static readonly TimeSpan DefaultRawRange = TimeSpan.FromHours(1);
    private static readonly TimeSpan DefaultTrendRange = TimeSpan.FromHours(24);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1").RequireAuthorization(DashboardUser.Policy);
        api.MapGet("/kpis", GetKpisAsync);
        api.MapGet("/kpis/trend", GetTrendAsync);
        api.MapGet("/machines/{site}/{line}/{machine}/timeline", GetTimelineAsync);
        api.MapGet("/machines/{site}/{line}/{machine}/stops", GetStopsAsync);
    }

    private static Task<IResult> GetKpisAsync(HttpContext context, IKpiReader reader) => HandleAsync(async () =>
    {
        var query = Query(context);
        var rows = await reader.GetKpisAsync(DashboardUser.Tenant(context), query, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new KpiJson.KpisAnswer(rows.Select(KpiJson.From).ToList()), KpiJson.Options);
    });

    private static Task<IResult> GetTrendAsync(HttpContext context, IKpiReader reader, TimeProvider clock) => HandleAsync(async () =>
    {
        var query = Query(context);
        var range = Range(context, clock, DefaultTrendRange);
        var rows = await reader.GetTrendAsync(DashboardUser.Tenant(context), query, range, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new KpiJson.TrendAnswer(KpiJson.Time(range.FromNs), KpiJson.Time(range.ToNs), rows.Select(KpiJson.From).ToList()), KpiJson.Options);
    });

    private static Task<IResult> GetTimelineAsync(HttpContext context, IKpiReader reader, TimeProvider clock, string site, string line, string machine) =>
        HandleAsync(async () =>
        {
            var range = Range(context, clock, DefaultRawRange);
            var spans = await reader.GetTimelineAsync(DashboardUser.Tenant(context), site, line, machine, range, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new KpiJson.TimelineAnswer(site, line, machine, KpiJson.Time(range.FromNs), KpiJson.Time(range.ToNs),
                spans.Select(KpiJson.From).ToList()), KpiJson.Options);
        });

    private static Task<IResult> GetStopsAsync(HttpContext context, IKpiReader reader, TimeProvider clock, string site, string line, string machine) =>
        HandleAsync(async () =>
        {
            var range = Range(context, clock, DefaultRawRange);
            var stops = await reader.GetStopsAsync(DashboardUser.Tenant(context), site, line, machine, range, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new KpiJson.StopsAnswer(site, line, machine, KpiJson.Time(range.FromNs), KpiJson.Time(range.ToNs),
                stops.Select(KpiJson.From).ToList()), KpiJson.Options);
        });

    private static async Task<IResult> HandleAsync(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler().ConfigureAwait(false);
        }
        catch (BadQueryException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Results.Problem(e.Message.Split(" (Parameter", 2)[0], statusCode: StatusCodes.Status400BadRequest);
        }
        catch (InfluxUnavailableException)
        {
            return Results.Problem("InfluxDB is unavailable; retry later.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static KpiQuery Query(HttpContext context)
    {
        var q = context.Request.Query;
        var window = Optional(q["window"]);
        var level = Optional(q["level"]);
        if (window is not null && !KpiWindows.All.Contains(window))
        {
            throw new BadQueryException($"window must be one of {string.Join(", ", KpiWindows.All)}.");
        }
        if (level is not null && !KpiWindows.Levels.Contains(level))
        {
            throw new BadQueryException($"level must be one of {string.Join(", ", KpiWindows.Levels)}.");
        }
        return new KpiQuery(Optional(q["site"]), Optional(q["line"]), Optional(q["machine"]), window, level);
    }

    /// <summary>from/to (ISO 8601; without an offset: UTC); to defaults to now, from to <paramref name="length"/> before to.</summary>
    private static TimeRange Range(HttpContext context, TimeProvider clock, TimeSpan length)
    {
        var to = Time(context, "to") ?? UnixTime.Now(clock);
        var from = Time(context, "from") ?? to - KpiTime.Nanoseconds(length);
        if (from >= to)
        {
            throw new BadQueryException("from must be before to.");
        }
        return new TimeRange(from, to);
    }

    private static long? Time(HttpContext context, string name)
    {
        if (Optional(context.Request.Query[name]) is not { } text)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new BadQueryException($"{name} must be an ISO 8601 time, e.g. 2026-01-31T06:00:00Z.");
        }
        return (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
    }

    private static string? Optional(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class BadQueryException(string message) : Exception(message);
}
