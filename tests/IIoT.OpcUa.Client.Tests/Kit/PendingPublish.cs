using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client.Tests.Kit;

/// <summary>A Publish request the <see cref="ScriptedServer"/> holds until the test answers it.</summary>
internal sealed class PendingPublish(PublishRequest request)
{
    private readonly TaskCompletionSource<IEncodeable> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PublishRequest Request { get; } = request;

    public Task<IEncodeable> Answer => _answer.Task;

    public void Respond(IEncodeable response) => _answer.TrySetResult(response);
}
