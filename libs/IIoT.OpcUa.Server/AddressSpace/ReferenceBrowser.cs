using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>Lists and filters the references of one node for Browse and TranslateBrowsePathsToNodeIds (OPC 10000-4 §5.8).</summary>
internal static class ReferenceBrowser
{
    /// <summary>Good, BadNodeIdUnknown, BadBrowseDirectionInvalid or BadReferenceTypeIdInvalid; the matching references.</summary>
    public static uint Browse(AddressSpace space, BrowseDescription description, out ReferenceDescription[] references)
    {
        references = [];
        if (description.BrowseDirection is < BrowseDirection.Forward or > BrowseDirection.Both)
        {
            return StatusCodes.BadBrowseDirectionInvalid;
        }

        if (space.Find(description.NodeId) is not { } node)
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        var filterType = !description.ReferenceTypeId.IsNull;
        if (filterType && space.Find(description.ReferenceTypeId) is not ReferenceTypeNode)
        {
            return StatusCodes.BadReferenceTypeIdInvalid;
        }

        var mask = (BrowseResultMask)description.ResultMask;
        var result = new List<ReferenceDescription>();
        foreach (var reference in node.GetReferences())
        {
            if (!Matches(space, reference, description.BrowseDirection, filterType ? description.ReferenceTypeId : null, description.IncludeSubtypes))
            {
                continue;
            }

            var target = space.Find(reference.TargetId);
            if (target is null || (description.NodeClassMask != 0 && (description.NodeClassMask & (uint)target.NodeClass) == 0))
            {
                continue;
            }

            result.Add(Describe(reference, target, mask));
        }

        references = [.. result];
        return StatusCodes.Good;
    }

    public static bool Matches(AddressSpace space, NodeReference reference, BrowseDirection direction, NodeId? referenceTypeId, bool includeSubtypes)
    {
        if ((direction == BrowseDirection.Forward && reference.IsInverse) || (direction == BrowseDirection.Inverse && !reference.IsInverse))
        {
            return false;
        }

        if (referenceTypeId is null || reference.ReferenceTypeId == referenceTypeId)
        {
            return true;
        }

        return includeSubtypes && space.IsSubtypeOf(reference.ReferenceTypeId, referenceTypeId);
    }

    private static ReferenceDescription Describe(NodeReference reference, Node target, BrowseResultMask mask)
    {
        var description = new ReferenceDescription { NodeId = new ExpandedNodeId(target.NodeId) };
        if ((mask & BrowseResultMask.ReferenceTypeId) != 0)
        {
            description.ReferenceTypeId = reference.ReferenceTypeId;
        }

        if ((mask & BrowseResultMask.IsForward) != 0)
        {
            description.IsForward = !reference.IsInverse;
        }

        if ((mask & BrowseResultMask.NodeClass) != 0)
        {
            description.NodeClass = target.NodeClass;
        }

        if ((mask & BrowseResultMask.BrowseName) != 0)
        {
            description.BrowseName = target.BrowseName;
        }

        if ((mask & BrowseResultMask.DisplayName) != 0)
        {
            description.DisplayName = target.DisplayName;
        }

        // §7.30: TypeDefinition only for Object and Variable targets.
        if ((mask & BrowseResultMask.TypeDefinition) != 0 && target.NodeClass is NodeClass.Object or NodeClass.Variable && target.TypeDefinitionId is { } type)
        {
            description.TypeDefinition = new ExpandedNodeId(type);
        }

        return description;
    }
}
