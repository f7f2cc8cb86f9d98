namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>A daily shift in the site's local time: "HH:mm" to "HH:mm"; an end at or before the start means the
/// shift ends the next day (22:00-06:00); equal start and end means 24 hours.</summary>
public sealed record ShiftDefinition(string Name, string Start, string End);
