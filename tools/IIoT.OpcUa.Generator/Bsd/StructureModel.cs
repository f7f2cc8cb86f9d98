namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>
/// Decides which BSD types become C#: drops the built-in entries, then every structure that uses a feature the
/// writer does not implement (switch fields, bit fields, odd length fields, unknown types, a structure that
/// contains itself without an array) and, repeatedly, every structure that uses a dropped one.
/// </summary>
internal sealed class StructureModel
{
    public StructureModel(BsdDictionary dictionary)
    {
        Enums = dictionary.Enums.Where(e => !BuiltInFields.SchemaOnly.Contains(e.Name)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var candidates = dictionary.Structs.Where(s => !BuiltInFields.SchemaOnly.Contains(s.Name))
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        var skipped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in candidates.Values)
        {
            if (Unsupported(s, candidates) is { } reason) skipped[s.Name] = reason;
        }
        foreach (var s in candidates.Values)
        {
            if (!skipped.ContainsKey(s.Name) && ContainsItself(s.Name, s.Name, candidates, [])) skipped[s.Name] = "contains itself without an array";
        }
        bool changed;
        do
        {
            changed = false;
            foreach (var s in candidates.Values.Where(s => !skipped.ContainsKey(s.Name)))
            {
                var uses = s.Fields.Select(f => BuiltInFields.LocalName(f.TypeName)).FirstOrDefault(skipped.ContainsKey);
                if (uses is null) continue;
                skipped[s.Name] = $"uses skipped type {uses}";
                changed = true;
            }
        }
        while (changed);
        Structs = candidates.Values.Where(s => !skipped.ContainsKey(s.Name)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        Skipped = skipped;
    }

    public IReadOnlyDictionary<string, BsdEnum> Enums { get; }

    public IReadOnlyDictionary<string, BsdStruct> Structs { get; }

    /// <summary>Structure name -> why it was not generated.</summary>
    public IReadOnlyDictionary<string, string> Skipped { get; }

    public BsdTypeKind KindOf(string typeName)
    {
        var local = BuiltInFields.LocalName(typeName);
        if (BuiltInFields.Find(typeName) is not null) return BsdTypeKind.BuiltIn;
        return Enums.ContainsKey(local) ? BsdTypeKind.Enum : BsdTypeKind.Struct;
    }

    /// <summary>Smallest encoding of a structure, used as the minimum element size of arrays of it.</summary>
    public int MinSize(string typeName) => MinSize(BuiltInFields.LocalName(typeName), []);

    private int MinSize(string name, HashSet<string> visiting)
    {
        if (BuiltInFields.Find(name) is { } builtIn) return builtIn.MinSize;
        if (Enums.TryGetValue(name, out var e)) return EnumSize(e);
        if (!Structs.TryGetValue(name, out var s) || !visiting.Add(name)) return 1;
        var size = s.Fields.Sum(f => f.IsArray ? 4 : MinSize(BuiltInFields.LocalName(f.TypeName), visiting));
        visiting.Remove(name);
        return Math.Max(1, size);
    }

    public static int EnumSize(BsdEnum e) => e.IsOptionSet ? Math.Max(1, e.LengthInBits / 8) : 4;

    private string? Unsupported(BsdStruct s, Dictionary<string, BsdStruct> candidates)
    {
        foreach (var f in s.Fields)
        {
            if (f.SwitchField is not null) return $"field {f.Name} is optional (SwitchField {f.SwitchField})";
            if (f.TypeName == "opc:Bit") return $"field {f.Name} is a bit field";
            if (f.LengthField is not null && f.LengthField != "NoOf" + f.Name) return $"field {f.Name} has LengthField {f.LengthField}";
            var local = BuiltInFields.LocalName(f.TypeName);
            if (BuiltInFields.Find(f.TypeName) is null && !Enums.ContainsKey(local) && !candidates.ContainsKey(local))
                return $"field {f.Name} has unknown type {f.TypeName}";
            if (Enums.TryGetValue(local, out var e) && e.IsOptionSet && e.LengthInBits is not (8 or 16 or 32 or 64))
                return $"field {f.Name} is an option set of {e.LengthInBits} bits";
        }
        return null;
    }

    private static bool ContainsItself(string root, string name, Dictionary<string, BsdStruct> candidates, HashSet<string> seen)
    {
        if (!candidates.TryGetValue(name, out var s) || !seen.Add(name)) return false;
        foreach (var f in s.Fields.Where(f => !f.IsArray))
        {
            var local = BuiltInFields.LocalName(f.TypeName);
            if (local == root || ContainsItself(root, local, candidates, seen)) return true;
        }
        return false;
    }
}
