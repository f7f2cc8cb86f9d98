namespace IIoT.OpcUa.Types;

/// <summary>
/// A UInt32 status code: the top 16 bits are the code, the low 16 bits info flags, and the top two bits the
/// severity (0 Good, 1 Uncertain, 2 Bad). OPC 10000-4 §7.39.
/// </summary>
public readonly struct StatusCode(uint code) : IEquatable<StatusCode>
{
    public static StatusCode Good => default;

    public uint Code { get; } = code;

    /// <summary>The code without the info bits, for comparing with <c>StatusCodes</c> constants.</summary>
    public uint CodeBits => Code & 0xFFFF0000;

    public bool IsGood => Code >> 30 == 0;

    public bool IsUncertain => Code >> 30 == 1;

    public bool IsBad => Code >> 30 >= 2;

    public string Name => StatusCodes.Name(CodeBits);

    public static implicit operator StatusCode(uint code) => new(code);

    public static bool operator ==(StatusCode a, StatusCode b) => a.Code == b.Code;

    public static bool operator !=(StatusCode a, StatusCode b) => a.Code != b.Code;

    public bool Equals(StatusCode other) => Code == other.Code;

    public override bool Equals(object? obj) => obj is StatusCode other && Equals(other);

    public override int GetHashCode() => (int)Code;

    public override string ToString() => $"{Name} (0x{Code:X8})";
}
