namespace EcsDiscoverer.Engine.Serving;

/// <summary>One answer of the server: status, content type and the whole body (every answer here is small).</summary>
internal readonly struct ServerAnswer
{
    /// <summary>Creates the answer.</summary>
    public ServerAnswer(int status, string contentType, byte[] body)
    {
        Status = status;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The <c>Content-Type</c>.</summary>
    public string ContentType { get; }

    /// <summary>The body, sent for GET and counted in <c>Content-Length</c> for HEAD too.</summary>
#pragma warning disable CA1819 // Written to the response as it is.
    public byte[] Body { get; }
#pragma warning restore CA1819
}
