using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The NumericRange of a Read (OPC 10000-4 §7.27) for one-dimensional arrays: "i" or "first:last". Other forms
/// (several dimensions, ranges into strings) are refused with BadIndexRangeInvalid.
/// </summary>
internal static class IndexRange
{
    public static uint Apply(string range, ref Variant value)
    {
        if (!TryParse(range, out var first, out var last))
        {
            return StatusCodes.BadIndexRangeInvalid;
        }

        if (!value.IsArray || value.Dimensions is not null || value.Value is not Array array)
        {
            return StatusCodes.BadIndexRangeNoData;
        }

        if (first >= array.Length)
        {
            return StatusCodes.BadIndexRangeNoData;
        }

        var end = Math.Min(last, array.Length - 1);
        var slice = Array.CreateInstance(array.GetType().GetElementType()!, end - first + 1);
        Array.Copy(array, first, slice, 0, slice.Length);
        value = Variant.Array(value.Type, slice);
        return StatusCodes.Good;
    }

    private static bool TryParse(string range, out int first, out int last)
    {
        last = 0;
        var colon = range.IndexOf(':');
        if (colon < 0)
        {
            var ok = int.TryParse(range, System.Globalization.NumberStyles.None, null, out first);
            last = first;
            return ok;
        }

        // §7.27: "first:last" needs first < last.
        return int.TryParse(range.AsSpan(0, colon), System.Globalization.NumberStyles.None, null, out first)
            && int.TryParse(range.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out last)
            && first < last;
    }
}
