using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Nashir.Accounts;
using Nashir.ContentApi;
using Nashir.Data;
using Nashir.Demo;
using Nashir.Feeds;
using Nashir.Media;
using Nashir.Search;
using Nashir.Site;
using Nashir.Social;
using Nashir.Wire;

namespace Nashir;

/// <summary>Service registration and the request pipeline, in the order a request meets them.</summary>
public static class Hosting
{
    public static WebApplicationBuilder AddNashir(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NashirOptions.Section);
        var options = section.Get<NashirOptions>() ?? new NashirOptions();
        builder.Services.AddOptions<NashirOptions>().Bind(section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Nashir:DataPath must not be empty.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Nashir:TimeZone must be an IANA time zone, e.g. Asia/Aden.")
            .Validate(o => o.PublicUrl is null || (Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) && u.PathAndQuery == "/"),
                "Nashir:PublicUrl must be an http(s) origin such as https://alraai.example, with no path.")
            .ValidateOnStart();

        builder.Services.AddOptions<SecurityOptions>().Bind(section.GetSection(SecurityOptions.Section));
        // No "Server: Kestrel" on any answer, Kestrel's own refusals included.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddNashirProxy(section.GetSection("Proxy"));
        builder.Services.AddNashirPublicHosts();
        // Every SQL statement at Information would drown the log (and slow imports); failures still log as errors.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Services.AddNashirLogRedaction();
        builder.Services.AddNashirDatabase(options);
        builder.Services.AddScoped<SiteContext>();
        builder.Services.AddScoped<DemoContent>();
        builder.Services.AddScoped<Audit.AuditLog>();
        builder.Services.AddSingleton<Articles.BodySanitizer>();
        builder.Services.AddScoped<Articles.ArticleDesk>();
        builder.Services.AddScoped<Articles.Publishing>();
        builder.Services.AddScoped<Wire.WireAdoption>();
        builder.Services.AddOptions<Comments.CommentOptions>().Bind(section.GetSection("Comments"));
        builder.Services.AddSingleton<Comments.ClientHasher>();
        builder.Services.AddSingleton<Comments.WordFilter>();
        builder.Services.AddScoped<Comments.CommentDesk>();
        builder.Services.AddSingleton<Comments.CommentRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Comments.CommentRetention>());
        builder.Services.AddOptions<Articles.SchedulingOptions>().Bind(section.GetSection("Scheduling"));
        builder.Services.AddSingleton<Articles.ScheduledPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Articles.ScheduledPublisher>());
        builder.Services.AddOptions<Search.SearchOptions>().Bind(section.GetSection("Search"));
        builder.Services.AddSingleton<Search.SearchIndex>();
        builder.Services.AddSingleton<Search.SearchIndexer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Search.SearchIndexer>());
        builder.Services.AddScoped<Search.ArticleSearch>();
        builder.Services.AddOptions<Articles.MostReadOptions>().Bind(section.GetSection("MostRead"))
            .Validate(o => o.FlushSeconds > 0 && o.Days > 0 && o.Count > 0, "Nashir:MostRead values must be positive.").ValidateOnStart();
        builder.Services.AddSingleton<Articles.ViewCounter>();
        builder.Services.AddSingleton<Articles.MostRead>();
        builder.Services.AddHostedService<Articles.ViewFlusher>();
        builder.Services.AddScoped<Import.ArticleImporter>();
        builder.Services.AddNashirSocial(section.GetSection("Social"));
        builder.Services.AddNashirContentApi(section.GetSection(ContentApiOptions.Section));
        builder.Services.AddNashirFeeds(section);
        builder.Services.AddNashirWire(section.GetSection("Wire"));
        builder.Services.AddNashirAccounts(options);
        builder.Services.AddNashirSignInThrottle(section.GetSection("SignIn"));
        builder.Services.AddNashirMedia(options);
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Newsroom", Policies.Newsroom);
            o.Conventions.AllowAnonymousToPage("/Newsroom/Login");
            o.Conventions.AllowAnonymousToPage("/Newsroom/Setup");
            o.Conventions.AddPageRoute("/Newsroom/Articles/Edit", "/newsroom/articles/new");
        });
        // Forms and query strings are read by the plain providers only: the jQuery ones throw (a 500) on a field name with
        // an unclosed "[", and no form of ours posts jQuery's "a[b]" names.
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            foreach (var jquery in o.ValueProviderFactories.Where(f => f is Microsoft.AspNetCore.Mvc.ModelBinding.JQueryFormValueProviderFactory
                         or Microsoft.AspNetCore.Mvc.ModelBinding.JQueryQueryStringValueProviderFactory).ToList())
                o.ValueProviderFactories.Remove(jquery);
        });
        // Arabic text goes out as UTF-8 characters, not as numeric entities: a third of the page weight otherwise.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddRouting(o => o.LowercaseUrls = false);
        ReaderCachePolicy.AddNashirOutputCache(builder.Services, section.GetSection(OutputCacheSettings.Section));
        builder.Services.AddNashirCompression();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>Schema upgrade and demo content, before the site answers its first request.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        await Database.MigrateAsync(app.Services);
        await AccountsSetup.PrepareAccountsAsync(app.Services, app.Logger);
        var options = app.Services.GetRequiredService<IOptions<NashirOptions>>().Value;
        Directory.CreateDirectory(options.MediaPath);
        if (options.DemoContent)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoContent>().SeedAsync();
        }
    }

    /// <summary>Forms and bodies are UTF-8; another declared charset (UTF-7 and friends) is a 415, before anything reads it.</summary>
    private static Task RefuseForeignCharsets(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue
            && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return Task.CompletedTask;
        }
        return next(context);
    }

    public static WebApplication UseNashir(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<NashirOptions>>().Value;

        app.UseSecurityHeaders();
        // Before anything reads the client's address or scheme, or builds a link from the host.
        app.UseNashirProxy();
        app.UseNashirPublicHosts();
        // No stack traces for anyone, in any environment: errors get the Arabic error page.
        app.UseExceptionHandler("/status/500");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseCookiePolicy();
        app.Use(RefuseForeignCharsets);
        app.UseContentApiCors();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = StaticAssetCaching.Apply });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.GetFullPath(options.MediaPath)),
            RequestPath = "/media",
        });
        app.UseRouting();
        // In front of the output cache, so reads served from it are counted too.
        Articles.ViewCounter.UseViewCounting(app);
        // Before authentication: a cached answer costs no cookie decryption and no security-stamp read. Inside it,
        // compression (so entries are stored compressed, one per encoding) and validators (ETag, 304).
        app.UseOutputCache();
        app.UseNashirCompression();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz");
        app.MapRazorPages();
        app.MapSearchEndpoints();
        app.MapContentApi();
        app.MapFeeds();
        return app;
    }
}
