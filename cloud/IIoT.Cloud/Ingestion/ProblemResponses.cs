using Microsoft.AspNetCore.Http;

namespace IIoT.Cloud.Ingestion;

/// <summary>RFC 9457 problem details with a precise message and nothing else: no stack trace, no token (API-12).</summary>
internal static class ProblemResponses
{
    public static Task WriteAsync(HttpContext context, int status, string detail, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Results.Problem(detail: detail, statusCode: status).ExecuteAsync(context);
    }
}
