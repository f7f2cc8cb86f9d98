namespace IIoT.Cloud.Ingestion;

/// <summary>The (decompressed) body exceeds its limit: answer 413.</summary>
internal sealed class PayloadTooLargeException(string message) : Exception(message);
