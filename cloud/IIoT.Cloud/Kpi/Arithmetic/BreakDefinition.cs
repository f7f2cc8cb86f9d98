namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>A daily break in the site's local time ("HH:mm" to "HH:mm", may cross midnight): planned downtime.</summary>
public sealed record BreakDefinition(string Start, string End);
