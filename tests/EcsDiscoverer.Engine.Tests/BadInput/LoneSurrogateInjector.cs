using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsDiscoverer.Engine.Tests.BadInput;

/// <summary>
/// Turns <see cref="HostileText.LoneSurrogateToken"/> in ECS responses into the JSON escape <c>\ud800</c>, a high
/// surrogate with nothing after it. The emulator cannot serve that itself (its JSON writer refuses invalid UTF-16), so
/// the corpus puts the token in the scenario and this handler, between the client and the emulator, makes the bytes
/// the client parses exactly what a hostile server would send.
/// </summary>
internal sealed class LoneSurrogateInjector : DelegatingHandler
{
    public LoneSurrogateInjector(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!body.Contains(HostileText.LoneSurrogateToken, StringComparison.Ordinal))
        {
            return response;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/x-amz-json-1.1";
        response.Content = new StringContent(
            body.Replace(HostileText.LoneSurrogateToken, HostileText.LoneSurrogateEscape, StringComparison.Ordinal), Encoding.UTF8, mediaType);
        return response;
    }
}
