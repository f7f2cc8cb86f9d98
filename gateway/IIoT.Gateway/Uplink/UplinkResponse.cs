using IIoT.Contracts.V1;

namespace IIoT.Gateway.Uplink;

internal enum UplinkOutcome
{
    /// <summary>2xx: the cloud stored the batch (per-point rejections may be listed).</summary>
    Stored,

    /// <summary>400: the batch itself is malformed; resending it cannot help.</summary>
    Refused,

    /// <summary>413: the batch is too large; split it.</summary>
    TooLarge,

    /// <summary>401/403: our key is not accepted; keep buffering and alarm.</summary>
    Unauthorized,

    /// <summary>Network error, timeout, 429, 5xx: try again later (RetryAfter when the cloud said).</summary>
    RetryLater,
}

internal sealed record UplinkResponse(UplinkOutcome Outcome, BatchResult? Result = null, TimeSpan? RetryAfter = null, string Detail = "");
