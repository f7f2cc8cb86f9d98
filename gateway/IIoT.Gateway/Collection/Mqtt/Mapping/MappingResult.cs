namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>What mapping one message produced: a number of points appended to the output, or an error.</summary>
internal readonly record struct MappingResult(MappingError Error, int Points, string? Detail)
{
    public bool Succeeded => Error == MappingError.None;

    public static MappingResult Mapped(int points) => new(MappingError.None, points, null);

    public static MappingResult Failed(MappingError error, string detail) => new(error, 0, detail);
}
