using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>Reads an OPC Binary type dictionary (Opc.Ua.Types.bsd, OPC 10000-3 Annex C / 10000-5).</summary>
internal static class BsdReader
{
    private static readonly XNamespace Opc = "http://opcfoundation.org/BinarySchema/";

    public static BsdDictionary Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            throw new FormatException("BSD: " + e.Message, e);
        }
        var root = document.Root ?? throw new FormatException("BSD: no root element.");
        var enums = root.Elements(Opc + "EnumeratedType").Select(ReadEnum).ToList();
        var structs = root.Elements(Opc + "StructuredType").Select(ReadStruct).ToList();
        return new BsdDictionary(enums, structs);
    }

    private static BsdEnum ReadEnum(XElement element)
    {
        var name = Required(element, "Name");
        var bits = int.Parse((string?)element.Attribute("LengthInBits") ?? "32", CultureInfo.InvariantCulture);
        var optionSet = string.Equals((string?)element.Attribute("IsOptionSet"), "true", StringComparison.OrdinalIgnoreCase);
        var values = element.Elements(Opc + "EnumeratedValue")
            .Select(v => (Required(v, "Name"), long.Parse(Required(v, "Value"), CultureInfo.InvariantCulture)))
            .ToList();
        return new BsdEnum(name, bits, optionSet, Documentation(element), values);
    }

    private static BsdStruct ReadStruct(XElement element)
    {
        var raw = element.Elements(Opc + "Field").ToList();
        // A field named as some other field's LengthField is the array count, folded into that array.
        var counts = raw.Select(f => (string?)f.Attribute("LengthField")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var fields = new List<BsdField>();
        foreach (var f in raw)
        {
            var name = Required(f, "Name");
            if (counts.Contains(name)) continue;
            var lengthField = (string?)f.Attribute("LengthField");
            fields.Add(new BsdField(name, Required(f, "TypeName"), lengthField, (string?)f.Attribute("SwitchField"),
                IsArray: lengthField is not null));
        }
        return new BsdStruct(Required(element, "Name"), (string?)element.Attribute("BaseType"), Documentation(element), fields);
    }

    private static string? Documentation(XElement element) => (string?)element.Element(Opc + "Documentation");

    private static string Required(XElement element, string attribute) =>
        (string?)element.Attribute(attribute)
        ?? throw new FormatException($"BSD: <{element.Name.LocalName}> without {attribute} attribute.");
}
