namespace IIoT.Testing.Chromium;

/// <summary>A DevTools command answered with an error, or a script that threw in the page.</summary>
public sealed class CdpException(string message) : Exception(message);
