using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Nashir.Media;

/// <summary>
/// Put on a page model that accepts a media upload. It sets the request body limit to
/// <see cref="MediaOptions.RequestLimitBytes"/> and reads the form itself, before the anti-forgery check does:
/// a body past the limit is then answered with the Arabic 413 page, rather than failing that check with a 400
/// or reaching a handler as an exception. Files up to the limit arrive buffered (on disk past 64 KB).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class MediaUploadLimitsAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    // Anti-forgery validation is an authorization filter with order 1000; this must read the form first.
    public int Order => -1000;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType)
            return;

        var limit = http.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value.RequestLimitBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = limit;
        if (request.ContentLength > limit)
        {
            Refuse(context, StatusCodes.Status413PayloadTooLarge);
            return;
        }

        var global = http.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
        var form = new FormOptions
        {
            BufferBody = global.BufferBody,
            MemoryBufferThreshold = global.MemoryBufferThreshold,
            BufferBodyLengthLimit = limit,
            ValueCountLimit = global.ValueCountLimit,
            KeyLengthLimit = global.KeyLengthLimit,
            ValueLengthLimit = global.ValueLengthLimit,
            MultipartBoundaryLengthLimit = global.MultipartBoundaryLengthLimit,
            MultipartHeadersCountLimit = global.MultipartHeadersCountLimit,
            MultipartHeadersLengthLimit = global.MultipartHeadersLengthLimit,
            MultipartBodyLengthLimit = limit,
        };
        try
        {
            await request.ReadFormAsync(form, http.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limit (a body without Content-Length that outgrows it) arrives here as a 413.
            Refuse(context, ex.StatusCode);
        }
        catch (InvalidDataException)
        {
            // A malformed multipart body, or a field past the form limits.
            Refuse(context, StatusCodes.Status400BadRequest);
        }
        catch (IOException) when (!http.RequestAborted.IsCancellationRequested)
        {
            // A body that ends before its closing boundary ("Unexpected end of Stream").
            Refuse(context, StatusCodes.Status400BadRequest);
        }
    }

    // The error page is reached by re-executing this request, and its model binding would read the form again:
    // past Kestrel's limit that fails and the page loses its status code. An empty form is read instead.
    private static void Refuse(AuthorizationFilterContext context, int status)
    {
        context.HttpContext.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
        context.Result = new StatusCodeResult(status);
    }
}
