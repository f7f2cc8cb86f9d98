namespace IIoT.OpcUa.Client;

/// <summary>Decodes a service response from its body (the fields after the encoding id); throws <see cref="Types.UaDecodingException"/> on bad data.</summary>
internal delegate TResponse ResponseDecoder<out TResponse>(ReadOnlySpan<byte> body);
