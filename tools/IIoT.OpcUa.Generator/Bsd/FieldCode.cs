using System.Globalization;
using System.Text;

namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>The C# of one field: its property, its line in Encode and its line in Decode.</summary>
internal sealed class FieldCode
{
    private readonly BsdField _field;
    private readonly string _label;
    private readonly string _elementType;
    private readonly string? _initializer;
    private readonly string _write;
    private readonly string _read;
    private readonly int _minSize;

    public FieldCode(StructureModel model, BsdStruct owner, BsdField field, string property)
    {
        _field = field;
        Property = property;
        _label = owner.Name + "." + field.Name;
        var local = BuiltInFields.LocalName(field.TypeName);
        switch (model.KindOf(field.TypeName))
        {
            case BsdTypeKind.BuiltIn:
                var b = BuiltInFields.Find(field.TypeName)!;
                _elementType = b.CSharpType;
                _initializer = b.Initializer;
                _write = $"{{w}}.Write{b.Method}({{v}})";
                _read = $"{{r}}.Read{b.Method}(\"{_label}\")";
                _minSize = b.MinSize;
                break;
            case BsdTypeKind.Enum:
                var e = model.Enums[local];
                var method = EnumsWriter.Method(e);
                var wire = EnumsWriter.UnderlyingType(e);
                _elementType = BsdSource.Global + local;
                _write = $"{{w}}.Write{method}(({wire}){{v}})";
                _read = $"({_elementType}){{r}}.Read{method}(\"{_label}\")";
                _minSize = StructureModel.EnumSize(e);
                break;
            default:
                _elementType = BsdSource.Global + local;
                _initializer = "new()";
                _write = "{v}.Encode({w})";
                _read = $"{_elementType}.Decode(ref {{r}})";
                _minSize = model.MinSize(local);
                break;
        }
    }

    public string Property { get; }

    public void AppendProperty(StringBuilder text)
    {
        text.Append('\n');
        if (_field.IsArray)
        {
            text.Append("    public ").Append(_elementType).Append("[]? ").Append(Property).Append(" { get; set; }\n");
            return;
        }
        text.Append("    public ").Append(_elementType).Append(' ').Append(Property).Append(" { get; set; }");
        text.Append(_initializer is null ? "\n" : " = " + _initializer + ";\n");
    }

    public void AppendEncode(StringBuilder text)
    {
        text.Append("        ");
        if (_field.IsArray)
        {
            text.Append("writer.WriteArray(").Append(Property).Append(", static (w, v) => ")
                .Append(Fill(_write, "w", "v")).Append(");\n");
        }
        else
        {
            text.Append(Fill(_write, "writer", Property)).Append(";\n");
        }
    }

    public void AppendDecode(StringBuilder text)
    {
        text.Append("        value.").Append(Property).Append(" = ");
        if (_field.IsArray)
        {
            text.Append("reader.ReadArray(\"").Append(_label).Append("\", ")
                .Append(_minSize.ToString(CultureInfo.InvariantCulture))
                .Append(", static (ref global::IIoT.OpcUa.Types.UaBinaryReader r) => ").Append(Fill(_read, "r", "")).Append(");\n");
        }
        else
        {
            text.Append(Fill(_read, "reader", "")).Append(";\n");
        }
    }

    private static string Fill(string template, string io, string value) =>
        template.Replace("{w}", io, StringComparison.Ordinal).Replace("{r}", io, StringComparison.Ordinal)
            .Replace("{v}", value, StringComparison.Ordinal);
}
