using IIoT.Gateway.Buffering;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Hosting;

internal sealed class BufferOptionsValidator : IValidateOptions<DurableBufferOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableBufferOptions options)
    {
        var errors = options.GetValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => "Buffer: " + e));
    }
}
