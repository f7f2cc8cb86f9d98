using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.DeadLetters;

/// <summary>Where dead letters are kept (section "DeadLetters") and how much of them.</summary>
public sealed class DeadLetterOptions
{
    public const string SectionName = "DeadLetters";

    /// <summary>Folder of the day files (deadletter-yyyy-MM-dd.jsonl).</summary>
    [Required]
    public string Directory { get; set; } = "";

    /// <summary>Bound on all day files together; past it new entries are counted as dropped, not written.</summary>
    [Range(4096, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 256L * 1024 * 1024;
}
