namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>Why a message could not be turned into points; each one is a dead-letter reason.</summary>
internal enum MappingError
{
    None,
    MalformedJson,
    Unmapped,
    MissingTimestamp,
    InvalidTimestamp,
    NoValues,
}

internal static class MappingErrorNames
{
    /// <summary>The dead-letter reason and the "reason" label of the dead-letter counter.</summary>
    public static string Reason(this MappingError error) => error switch
    {
        MappingError.MalformedJson => "malformed_json",
        MappingError.Unmapped => "unmapped",
        MappingError.MissingTimestamp => "missing_timestamp",
        MappingError.InvalidTimestamp => "invalid_timestamp",
        MappingError.NoValues => "no_values",
        _ => "none",
    };

    /// <summary>The loss-ledger reason: "unmapped" when no rule applies, "malformed" for a payload a rule cannot read.</summary>
    public static string LedgerReason(this MappingError error) => error == MappingError.Unmapped ? "unmapped" : "malformed";
}
