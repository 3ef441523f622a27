namespace EcsDiscoverer.Emulator;

/// <summary>An STS error response: the handler turns it into STS's error XML with <see cref="Code"/> and <see cref="Status"/>.</summary>
internal sealed class StsApiException : Exception
{
    public StsApiException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }
}
