using System;
using System.Threading.Tasks;
using Amazon.Runtime;

namespace EcsDiscoverer.Engine.Aws;

/// <summary>
/// Runs one call of an AWS SDK client (EC2, SQS) and turns whatever it throws into an <see cref="AwsApiException"/>,
/// so that our pipeline classifies, retries and reports SDK calls as it does our own ECS client's.
/// </summary>
internal static class AwsSdkCall
{
    /// <summary>Runs <paramref name="call"/>, an attempt of <paramref name="service"/>:<paramref name="operation"/>.</summary>
    public static async Task<T> RunAsync<T>(string service, string operation, Func<Task<T>> call)
    {
        if (call is null)
        {
            throw new ArgumentNullException(nameof(call));
        }

        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonUnmarshallingException ex)
        {
            throw new AwsApiException(service, operation, AwsErrorClassifier.MalformedResponse, ex.Message, ex.StatusCode == 0 ? null : ex.StatusCode, ex);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new AwsApiException(service, operation, AwsErrorClassifier.MalformedResponse, ex.Message, null, ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new AwsApiException(service, operation, AwsErrorClassifier.MalformedResponse, ex.Message, null, ex);
        }
        catch (AmazonServiceException ex) when (!string.IsNullOrEmpty(ex.ErrorCode) || ex.StatusCode != 0)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"Http{(int)ex.StatusCode}" : ex.ErrorCode;
            throw new AwsApiException(service, operation, code, ex.Message, ex.StatusCode == 0 ? null : ex.StatusCode, ex);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsApiException(service, operation, "NetworkError", ex.Message, null, ex);
        }
        catch (System.Net.Http.HttpRequestException ex)
        {
            throw new AwsApiException(service, operation, "NetworkError", ex.Message, null, ex);
        }
    }
}
