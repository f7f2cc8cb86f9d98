namespace IIoT.OpcUa.Types;

/// <summary>
/// A value of any built-in type (OPC 10000-6 §5.2.2.16): a scalar, a one-dimensional array, or a multi-dimensional
/// array stored flattened (last index varying fastest) with <see cref="Dimensions"/>. CLR types per built-in type:
/// bool, sbyte, byte, short, ushort, int, uint, long, ulong, float, double, string?, UaDateTime, Guid, byte[]?
/// (ByteString), XmlElement, NodeId, ExpandedNodeId, StatusCode, QualifiedName, LocalizedText, ExtensionObject,
/// and Variant (arrays only). DataValue and DiagnosticInfo are refused, as the spec forbids them (UA-D06).
/// An array's Value is a typed CLR array (e.g. int[]); a null array has Value null.
/// </summary>
public readonly struct Variant : IEquatable<Variant>
{
    private readonly int[]? _dimensions;

    public static Variant Null => default;

    private Variant(BuiltInType type, object? value, bool isArray, int[]? dimensions)
    {
        Type = type;
        Value = value;
        IsArray = isArray;
        _dimensions = dimensions;
    }

    public BuiltInType Type { get; }

    public object? Value { get; }

    public bool IsArray { get; }

    public bool IsNull => Type == BuiltInType.Null;

    /// <summary>Dimensions of a multi-dimensional array (two or more); null for scalars and 1-D arrays.</summary>
    public IReadOnlyList<int>? Dimensions => _dimensions;

    public static Variant Scalar(BuiltInType type, object? value)
    {
        if (type == BuiltInType.Null) return value is null ? default : throw new ArgumentException("A Null Variant has no value.");
        CheckAllowed(type);
        if (type == BuiltInType.Variant) throw new ArgumentException("A scalar Variant cannot contain a Variant; use an array.");
        var clr = ElementType(type);
        if (value is null ? !AllowsNullElement(type) : value.GetType() != clr)
            throw new ArgumentException($"A {type} scalar needs a {clr.Name}, got {value?.GetType().Name ?? "null"}.");
        if (value is byte[] bytes) value = bytes.Clone();
        return new Variant(type, value, false, null);
    }

    /// <summary>An array; <paramref name="dimensions"/> (two or more, product = length) makes it multi-dimensional.</summary>
    public static Variant Array(BuiltInType type, System.Array? values, IReadOnlyList<int>? dimensions = null)
    {
        CheckAllowed(type);
        if (type == BuiltInType.Null) throw new ArgumentException("An array needs an element type.");
        var clr = ElementType(type);
        if (values is not null && (values.Rank != 1 || values.GetType().GetElementType() != clr))
            throw new ArgumentException($"A {type} array needs a one-dimensional {clr.Name}[] (flattened), got {values.GetType().Name}.");
        int[]? dims = null;
        if (dimensions is not null && dimensions.Count > 0)
        {
            if (values is null) throw new ArgumentException("A null array has no dimensions.");
            if (dimensions.Count < 2) throw new ArgumentException("Dimensions are only given for two or more dimensions.");
            long product = 1;
            foreach (var d in dimensions)
            {
                if (d < 0) throw new ArgumentException("Dimensions cannot be negative.");
                product = Math.Min(product * d, (long)int.MaxValue + 1);
            }
            if (product != values.Length) throw new ArgumentException($"Dimensions multiply to {product}, but there are {values.Length} elements.");
            dims = [.. dimensions];
        }
        return new Variant(type, values?.Clone(), true, dims);
    }

    /// <summary>For the decoder, which has already checked type, element type and dimensions: no defensive copy.</summary>
    internal static Variant FromDecoded(BuiltInType type, object? value, bool isArray, int[]? dimensions) =>
        new(type, value, isArray, dimensions);

    public static Variant From(bool v) => new(BuiltInType.Boolean, v, false, null);
    public static Variant From(int v) => new(BuiltInType.Int32, v, false, null);
    public static Variant From(uint v) => new(BuiltInType.UInt32, v, false, null);
    public static Variant From(long v) => new(BuiltInType.Int64, v, false, null);
    public static Variant From(double v) => new(BuiltInType.Double, v, false, null);
    public static Variant From(float v) => new(BuiltInType.Float, v, false, null);
    public static Variant From(string? v) => new(BuiltInType.String, v, false, null);
    public static Variant From(UaDateTime v) => new(BuiltInType.DateTime, v, false, null);
    public static Variant From(NodeId v) => Scalar(BuiltInType.NodeId, v);
    public static Variant From(StatusCode v) => new(BuiltInType.StatusCode, v, false, null);
    public static Variant From(ExtensionObject v) => Scalar(BuiltInType.ExtensionObject, v);

    /// <summary>The CLR type of one element (or of the scalar) for a built-in type.</summary>
    public static Type ElementType(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => typeof(bool),
        BuiltInType.SByte => typeof(sbyte),
        BuiltInType.Byte => typeof(byte),
        BuiltInType.Int16 => typeof(short),
        BuiltInType.UInt16 => typeof(ushort),
        BuiltInType.Int32 => typeof(int),
        BuiltInType.UInt32 => typeof(uint),
        BuiltInType.Int64 => typeof(long),
        BuiltInType.UInt64 => typeof(ulong),
        BuiltInType.Float => typeof(float),
        BuiltInType.Double => typeof(double),
        BuiltInType.String => typeof(string),
        BuiltInType.DateTime => typeof(UaDateTime),
        BuiltInType.Guid => typeof(Guid),
        BuiltInType.ByteString => typeof(byte[]),
        BuiltInType.XmlElement => typeof(XmlElement),
        BuiltInType.NodeId => typeof(NodeId),
        BuiltInType.ExpandedNodeId => typeof(ExpandedNodeId),
        BuiltInType.StatusCode => typeof(StatusCode),
        BuiltInType.QualifiedName => typeof(QualifiedName),
        BuiltInType.LocalizedText => typeof(LocalizedText),
        BuiltInType.ExtensionObject => typeof(ExtensionObject),
        BuiltInType.DataValue => typeof(DataValue),
        BuiltInType.Variant => typeof(Variant),
        BuiltInType.DiagnosticInfo => typeof(DiagnosticInfo),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a built-in type."),
    };

    private static bool AllowsNullElement(BuiltInType type) => type is BuiltInType.String or BuiltInType.ByteString;

    private static void CheckAllowed(BuiltInType type)
    {
        // OPC 10000-6 §5.2.2.16: DataValue and DiagnosticInfo only have meaning inside a response (UA-D06).
        if (type is BuiltInType.DataValue or BuiltInType.DiagnosticInfo)
            throw new ArgumentException($"A Variant cannot contain a {type}.");
        if (type > BuiltInType.DiagnosticInfo) throw new ArgumentOutOfRangeException(nameof(type));
    }

    public bool Equals(Variant other)
    {
        if (Type != other.Type || IsArray != other.IsArray) return false;
        if (!(_dimensions ?? []).AsSpan().SequenceEqual(other._dimensions ?? [])) return false;
        if (!IsArray) return ElementEquals(Value, other.Value);
        if (Value is null || other.Value is null) return Value is null && other.Value is null;
        var a = (System.Array)Value;
        var b = (System.Array)other.Value;
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!ElementEquals(a.GetValue(i), b.GetValue(i))) return false;
        }
        return true;
    }

    private static bool ElementEquals(object? a, object? b) =>
        a is byte[] x && b is byte[] y ? x.AsSpan().SequenceEqual(y) : Equals(a, b);

    public override bool Equals(object? obj) => obj is Variant other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, IsArray, IsArray ? (Value as System.Array)?.Length : Value?.GetHashCode());

    public static bool operator ==(Variant a, Variant b) => a.Equals(b);

    public static bool operator !=(Variant a, Variant b) => !a.Equals(b);

    public override string ToString() => IsNull ? "Variant(null)"
        : IsArray ? $"Variant({Type}[{(Value as System.Array)?.Length.ToString() ?? "null"}]{(_dimensions is null ? "" : " dims " + string.Join("x", _dimensions))})"
        : $"Variant({Type}: {Value})";
}
