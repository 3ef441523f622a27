using Microsoft.AspNetCore.Http;

namespace EcsDiscoverer.Emulator;

/// <summary>A response of either service before it is written, so that a fault can cut or thin it first.</summary>
internal sealed record AwsReply(int Status, string ContentType, string Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public bool IsSuccess => Status == StatusCodes.Status200OK;

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        context.Response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(Body, context.RequestAborted).ConfigureAwait(false);
    }
}
