using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client.Tests;

public sealed class ServiceResultExceptionTests
{
    [Fact]
    public void Message_names_the_status_code()
    {
        var error = new ServiceResultException(StatusCodes.BadUserAccessDenied, "wrong password");
        Assert.Equal("BadUserAccessDenied", error.StatusName);
        Assert.StartsWith("BadUserAccessDenied (0x801F0000): wrong password", error.Message);
    }
}
