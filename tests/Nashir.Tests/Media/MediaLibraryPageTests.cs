using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Media;

namespace Nashir.Tests.Media;

/// <summary>/newsroom/media and /newsroom/media/{id} through real HTTP, signed in through the real login form.</summary>
public sealed class MediaLibraryPageTests
{
    [Fact]
    public async Task Editor_uploads_a_photo_through_the_library_page()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.UploadAsync(TestImages.PhotoWithCameraAndGps(), "IMG_2041.jpg", caption: "سوق الملح في صنعاء القديمة", credit: "Reuters", alt: "باعة في سوق مزدحم");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = await site.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal($"/newsroom/media/{item.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal("سوق الملح في صنعاء القديمة", item.Caption);
        Assert.Equal("Reuters", item.Credit);
        Assert.Equal("باعة في سوق مزدحم", item.Alt);
        Assert.Equal("320,640,1024,1600", item.Variants);
        Assert.NotNull(item.UploadedById);
        Assert.Equal(8, site.MediaFiles().Count);

        var library = await client.GetDocumentAsync("/newsroom/media");
        var tile = Assert.Single(library.QuerySelectorAll("#media-items .media-tile"));
        Assert.Equal("سوق الملح في صنعاء القديمة", tile.QuerySelector(".media-caption")!.Text());
        Assert.Equal($"/media/{item.Path}-320.jpg", tile.QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("حساب Editor", tile.Text(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Writer)]
    public async Task Writing_roles_reach_the_library(string role)
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(role);

        var page = await client.GetDocumentAsync("/newsroom/media");

        Assert.Equal("مكتبة الوسائط", page.QuerySelector("h1")!.Text());
        Assert.NotNull(page.QuerySelector("#upload-form[enctype='multipart/form-data'] input[type=file][name=File]"));
    }

    [Fact]
    public async Task Every_upload_field_has_a_label()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Writer);

        var page = await client.GetDocumentAsync("/newsroom/media");

        foreach (var input in page.QuerySelectorAll("#upload-form input:not([type=hidden])"))
            Assert.NotNull(page.QuerySelector($"label[for='{input.Id}']"));
    }

    [Fact]
    public async Task Moderator_is_forbidden()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Moderator);

        using var response = await client.GetAsync("/newsroom/media");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("/newsroom/media")]
    [InlineData("/newsroom/media/1")]
    public async Task Anonymous_visitor_is_sent_to_sign_in(string path)
    {
        using var site = new NashirFactory();

        using var response = await site.CreateReader().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/newsroom/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_file_named_photo_jpg_is_refused_next_to_the_field_with_typed_values_kept()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.UploadAsync("ليس صورة"u8.ToArray(), "photo.jpg", caption: "تعليق كتبته");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(MediaStore.NotAnImageMessage, page.QuerySelector("#file-error")!.Text());
        Assert.Equal("تعليق كتبته", page.QuerySelector("#caption")!.GetAttribute("value"));
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Upload_without_a_file_asks_for_one()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.SubmitFormAsync("/newsroom/media", "#upload-form", ("Caption", "بلا ملف"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("اختر صورة لرفعها.", page.QuerySelector("#file-error")!.Text());
    }

    [Fact]
    public async Task File_over_the_limit_gets_a_413_with_the_arabic_message_and_nothing_is_saved()
    {
        using var site = new NashirFactory().With("Nashir:Media:MaxUploadBytes", "20480");
        var client = await site.SignInAsync(Roles.Editor);
        var photo = TestImages.PhotoWithCameraAndGps();
        Assert.InRange(photo.Length, 20481, (2 * 20480) + (1024 * 1024)); // read in full, refused by the store

        using var response = await client.UploadAsync(photo, "big.jpg", caption: "كبيرة");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("الملف أكبر من الحد المسموح (20 كيلوبايت).", page.QuerySelector("#file-error")!.Text());
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Picture_too_long_for_the_encoders_is_refused_with_the_arabic_message_and_nothing_is_saved()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);
        var tall = TestImages.SolidPng(100, 70_000); // 7 megapixels, under the pixel limit; past WebP's 16383 per side

        using var response = await client.UploadAsync(tall, "tall.png", "image/png", caption: "شريط طويل");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(MediaStore.TooLongMessage, page.QuerySelector("#file-error")!.Text());
        Assert.Equal("شريط طويل", page.QuerySelector("#caption")!.GetAttribute("value"));
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Multipart_body_cut_off_before_its_end_is_a_400_with_the_arabic_page()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);
        var page = await client.GetDocumentAsync("/newsroom/media");
        var token = page.QuerySelector("#upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        const string boundary = "nashir-cut-boundary";
        var head = System.Text.Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"File\"; filename=\"cut.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var photo = TestImages.Jpeg(400, 300);
        byte[] body = [.. head, .. photo.AsSpan(0, photo.Length / 2)]; // no closing boundary: the connection ended
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");

        using var response = await client.PostAsync("/newsroom/media", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("طلب غير صالح", error.QuerySelector("h1")!.Text());
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Request_far_over_the_limit_is_cut_off_with_the_arabic_413_page()
    {
        using var site = new NashirFactory().With("Nashir:Media:MaxUploadBytes", "20480");
        var client = await site.SignInAsync(Roles.Editor);
        var huge = new byte[2 * 1024 * 1024];
        Random.Shared.NextBytes(huge);

        using var response = await client.UploadAsync(huge, "huge.jpg");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("الطلب كبير جداً", page.QuerySelector("h1")!.Text());
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Search_finds_images_by_caption_and_by_credit_whatever_its_case()
    {
        using var site = new NashirFactory();
        var png = TestImages.Png(200, 100);
        await site.SaveAsync(png, details: new MediaDetails("ميناء الحديدة عند الفجر", "AFP", null));
        await site.SaveAsync(png, details: new MediaDetails("مباراة كرة القدم", "Reuters", null));
        var client = await site.SignInAsync(Roles.Writer);

        var byCaption = await client.GetDocumentAsync("/newsroom/media?q=" + Uri.EscapeDataString("الحديدة"));
        var byCredit = await client.GetDocumentAsync("/newsroom/media?q=reuters");

        Assert.Equal("ميناء الحديدة عند الفجر", Assert.Single(byCaption.QuerySelectorAll(".media-caption")).Text());
        Assert.Equal("مباراة كرة القدم", Assert.Single(byCredit.QuerySelectorAll(".media-caption")).Text());
        Assert.Equal("الحديدة", byCaption.QuerySelector("#q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_plain_characters()
    {
        using var site = new NashirFactory();
        await site.SaveAsync(TestImages.Png(200, 100), details: new MediaDetails("نسبة 50% من السكان", null, null));
        await site.SaveAsync(TestImages.Png(200, 100), details: new MediaDetails("صورة أخرى", null, null));
        var client = await site.SignInAsync(Roles.Writer);

        var page = await client.GetDocumentAsync("/newsroom/media?q=%25");

        Assert.Single(page.QuerySelectorAll(".media-tile"));
    }

    [Fact]
    public async Task Library_shows_thirty_images_a_page()
    {
        using var site = new NashirFactory();
        await site.WithDbAsync(async db =>
        {
            for (var i = 0; i < 31; i++)
                db.Media.Add(new MediaItem { Path = $"test/{i}.svg", ContentType = "image/svg+xml", Width = 10, Height = 10, Caption = $"صورة {i}", CreatedAt = site.Clock.GetUtcNow().UtcDateTime.AddMinutes(i) });
            await db.SaveChangesAsync();
        });
        var client = await site.SignInAsync(Roles.Writer);

        var first = await client.GetDocumentAsync("/newsroom/media");
        var second = await client.GetDocumentAsync("/newsroom/media?page=2");

        Assert.Equal(30, first.QuerySelectorAll(".media-tile").Length);
        Assert.Equal("/newsroom/media?page=2", first.QuerySelector(".pagination a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("صورة 0", Assert.Single(second.QuerySelectorAll(".media-caption")).Text());
    }

    [Theory]
    [InlineData("?page=abc")]
    [InlineData("?page=0")]
    [InlineData("?page=1&page=2")]
    public async Task Malformed_page_number_is_a_400(string query)
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.GetAsync("/newsroom/media" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Editing_changes_caption_credit_and_alt()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.Png(200, 100), details: new MediaDetails("قديم", "قديم", "قديم"))).Item!;
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.SubmitFormAsync($"/newsroom/media/{item.Id}", "#details-form",
            ("Caption", "تعليق جديد"), ("Credit", "سبأ"), ("Alt", ""));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.WithDbAsync(db => db.Media.SingleAsync(m => m.Id == item.Id));
        Assert.Equal(("تعليق جديد", "سبأ", (string?)null), (saved.Caption, saved.Credit, saved.Alt));
    }

    [Fact]
    public async Task Too_long_caption_is_refused_next_to_the_field()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.Png(200, 100))).Item!;
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.SubmitFormAsync($"/newsroom/media/{item.Id}", "#details-form", ("Caption", new string('ن', 501)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("يجب ألا يزيد التعليق على الصورة على 500 حرف.", page.QuerySelector("#caption-error")!.Text());
    }

    [Fact]
    public async Task Unused_image_is_deleted_with_its_files_and_an_audit_entry()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.Webp(700, 400))).Item!;
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.SubmitFormAsync($"/newsroom/media/{item.Id}", "#delete-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/newsroom/media", response.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.MediaCountAsync());
        Assert.Empty(site.MediaFiles());
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.MediaDeleted));
        Assert.Equal(("media", item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (entry.TargetType, entry.TargetId));
        Assert.NotNull(entry.UserId);
    }

    [Fact]
    public async Task Image_used_by_an_article_is_not_deleted()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.Png(200, 100))).Item!;
        await site.PublishAsync("خبر بصورة رئيسية", configure: a => a.LeadImageId = item.Id);
        var client = await site.SignInAsync(Roles.Editor);
        var page = await client.GetDocumentAsync($"/newsroom/media/{item.Id}");
        Assert.Contains("خبر بصورة رئيسية", page.QuerySelector("#usage")!.Text(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#delete-form"));

        // A stale page (or a hand-made request) still posts the deletion: the server refuses it.
        var token = page.QuerySelector("#details-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await client.PostAsync($"/newsroom/media/{item.Id}?handler=Delete",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var refused = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("لا يمكن حذف الصورة لأنها مستخدمة", refused.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal(1, await site.MediaCountAsync());
        Assert.Equal(2, site.MediaFiles().Count);
        Assert.False(await site.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.MediaDeleted)));
    }

    [Fact]
    public async Task Unknown_image_is_a_404()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(Roles.Editor);

        using var response = await client.GetAsync("/newsroom/media/999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Writer_cannot_edit_or_delete_another_writers_image()
    {
        using var site = new NashirFactory();
        var writerA = await site.SignInAsync(Roles.Writer);
        var id = await UploadAsAsync(writerA, "صورة الكاتب الأول");
        var writerB = await site.SignInAsync(Roles.Writer);

        using var edit = await writerB.SubmitFormAsync($"/newsroom/media/{id}", "#details-form", ("Caption", "تعليق لم يراجعه أحد"));
        using var delete = await writerB.SubmitFormAsync($"/newsroom/media/{id}", "#delete-form");

        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(MediaRules.ForbiddenMessage, Html.Parse(await edit.Content.ReadAsStringAsync()).QuerySelector("#media-forbidden")!.Text());
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var item = await site.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal("صورة الكاتب الأول", item.Caption);
        Assert.False(await site.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.TargetType == "media")));
    }

    [Fact]
    public async Task Writer_edits_own_unused_image_and_the_edit_is_audited()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var id = await UploadAsAsync(writer, "قبل");

        using var response = await writer.SubmitFormAsync($"/newsroom/media/{id}", "#details-form", ("Caption", "بعد"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = await site.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal("بعد", item.Caption);
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.Action == AuditActions.MediaEdited));
        Assert.Equal(("media", id, item.UploadedById, "حساب Writer"), (entry.TargetType, entry.TargetId, entry.UserId, entry.UserDisplayName));
    }

    [Fact]
    public async Task Image_in_a_published_article_needs_an_editor_even_for_its_uploader()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var id = await UploadAsAsync(writer, "كما راجعه المحرر");
        var itemId = int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        await site.PublishAsync("خبر بصورة الكاتب", configure: a => a.LeadImageId = itemId);

        using var refused = await writer.SubmitFormAsync($"/newsroom/media/{id}", "#details-form", ("Caption", "تعليق لم يراجعه أحد"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("كما راجعه المحرر", (await site.WithDbAsync(db => db.Media.SingleAsync(m => m.Id == itemId))).Caption);
        Assert.False(await site.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == AuditActions.MediaEdited)));

        var editor = await site.SignInAsync(Roles.Editor);
        using var saved = await editor.SubmitFormAsync($"/newsroom/media/{id}", "#details-form", ("Caption", "صحّحه المحرر"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("صحّحه المحرر", (await site.WithDbAsync(db => db.Media.SingleAsync(m => m.Id == itemId))).Caption);
        Assert.Single(await site.WithDbAsync(db => db.AuditLog.Where(a => a.Action == AuditActions.MediaEdited && a.TargetId == id).ToListAsync()));
    }

    /// <summary>Uploads through the library page as <paramref name="client"/>; returns the new item's id as the audit log writes it.</summary>
    private static async Task<string> UploadAsAsync(HttpClient client, string caption)
    {
        using var response = await client.UploadAsync(TestImages.Png(200, 100), "photo.png", caption: caption);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString["/newsroom/media/".Length..];
    }
}
