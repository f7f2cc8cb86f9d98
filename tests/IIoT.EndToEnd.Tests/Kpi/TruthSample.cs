namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>One published message of one machine, reduced to what the KPIs are computed from.</summary>
internal sealed record TruthSample(
    long TimeNs, string State, double PartsTotal, double PartsGood, double PartsReject, double IdealCycleTimeS, double PowerKw);
