using IIoT.OpcUa.Stack.Transport;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// Decides per chunk whether its SecureChannelId and TokenId are acceptable (UA-D13); returns 0 or the Bad_ status
/// that closes the channel. <paramref name="tokenId"/> is 0 for OPN.
/// </summary>
internal delegate uint ChunkCheck(MessageType type, uint channelId, uint tokenId);
