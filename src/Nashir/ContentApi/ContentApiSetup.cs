using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Nashir.ContentApi;

/// <summary>Services, CORS and the OpenAPI document of the content API.</summary>
public static class ContentApiSetup
{
    public const string CorsPolicy = "ContentApi";
    public const string KeyHeader = "X-Api-Key";
    public const string KeyQuery = "key";
    public const string OpenApiPath = "/openapi/v1.json";

    public static IServiceCollection AddNashirContentApi(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<ContentApiOptions>().Bind(section)
            .Validate(o => o.CorsOrigins.All(IsOrigin), "Nashir:ContentApi:CorsOrigins must list origins such as https://app.example (scheme and host, no path).")
            .Validate(o => o.MaxAgeSeconds >= 0, "Nashir:ContentApi:MaxAgeSeconds must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyUsage>();
        services.AddScoped<ApiKeys>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ContentApiOptions>>((cors, api) =>
            cors.AddPolicy(CorsPolicy, p => p
                .WithOrigins(api.Value.CorsOrigins)
                .WithMethods(HttpMethods.Get)
                .WithHeaders(KeyHeader, "If-None-Match")
                .WithExposedHeaders("ETag")
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddOpenApi("v1", o =>
        {
            // The document describes the content API only; the reader site's own JSON (/api/search) stays out of it.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Nashir Content API";
                document.Info.Description = "Read-only access to the published articles, categories, tags and authors. "
                    + "Send the key in the X-Api-Key header (or as ?key=). Errors are RFC 9457 problem details with Arabic text. "
                    + "Every answer carries an ETag; send it back in If-None-Match to get a 304.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes["apiKeyHeader"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = KeyHeader,
                    Description = "An API key made in the newsroom (Admin) or with `nashir apikey create`.",
                };
                document.Components.SecuritySchemes["apiKeyQuery"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Query,
                    Name = KeyQuery,
                    Description = "The same key in the query string; prefer the header (URLs end up in logs).",
                };
                // Either scheme satisfies the API: two alternatives, not one requirement with both.
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKeyHeader", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKeyQuery", document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>
    /// CORS for <c>/api/v1</c> only, before routing: a preflight is answered here, without a key (browsers send none
    /// with it), and the reader site and newsroom never get CORS headers.
    /// </summary>
    public static IApplicationBuilder UseContentApiCors(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ContentApiOptions>>().Value;
        if (options.CorsOrigins.Length == 0)
            return app;
        return app.UseWhen(IsContentApi, api =>
        {
            // The answer differs by Origin (the CORS headers), so caches must keep one copy per origin.
            api.Use((context, next) =>
            {
                context.Response.Headers.Append("Vary", "Origin");
                return next(context);
            });
            api.UseCors(CorsPolicy);
        });
    }

    public static void MapContentApi(this IEndpointRouteBuilder app)
    {
        app.MapContentApiEndpoints();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
    }

    private static bool IsContentApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ContentApiEndpoints.Prefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
        && u.PathAndQuery == "/" && !origin.EndsWith('/');
}

/// <summary>The key check every <c>/api/v1</c> endpoint runs first (before its parameters are judged).</summary>
public static class ApiKeyFilter
{
    public static async ValueTask<object?> RequireKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<ContentApiOptions>>().Value;
        if (!options.RequireKey)
            return await next(context);
        // The header is preferred (it stays out of access logs); ?key= is for clients that cannot set headers.
        string? secret = http.Request.Headers[ContentApiSetup.KeyHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(secret))
            secret = http.Request.Query[ContentApiSetup.KeyQuery].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(secret))
            return ApiProblems.Unauthorized("يلزم مفتاح للواجهة: أرسله في الترويسة X-Api-Key أو في المعامل key. يُنشئ المفتاحَ مديرُ الموقع من غرفة الأخبار.");
        var key = await http.RequestServices.GetRequiredService<ApiKeys>().FindAsync(secret.Trim(), http.RequestAborted);
        if (key is null)
            return ApiProblems.Unauthorized("مفتاح الواجهة غير صحيح أو أُلغي. اطلب مفتاحًا صالحًا من مدير الموقع.");
        return await next(context);
    }
}
