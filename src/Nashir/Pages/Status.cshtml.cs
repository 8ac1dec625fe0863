using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Nashir.Pages;

/// <summary>The Arabic page for every error status. Reached by re-execution, so the original status code is kept.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet() => Describe(RouteCode());

    // Errors re-executed from a POST arrive as POST; they get the same page. Nothing is bound: the failed
    // request's form may be unreadable or carry a field of the same name.
    public void OnPost() => Describe(RouteCode());

    private int RouteCode() =>
        int.TryParse(RouteData.Values["code"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 500;

    private void Describe(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 500;
        (Heading, Message) = Code switch
        {
            400 => ("طلب غير صالح", "تعذر فهم الطلب. تحقق من الرابط أو من البيانات المرسلة ثم أعد المحاولة."),
            403 => ("غير مسموح", "ليست لديك صلاحية الوصول إلى هذه الصفحة."),
            404 => ("الصفحة غير موجودة", "لم نعثر على الصفحة التي تبحث عنها. ربما نُقلت أو حُذفت، أو أن الرابط غير صحيح."),
            405 => ("طريقة غير مدعومة", "لا تقبل هذه الصفحة هذا النوع من الطلبات."),
            413 => ("الطلب كبير جداً", "البيانات المرسلة أكبر من الحد المسموح."),
            415 => ("نوع غير مدعوم", "نوع البيانات المرسلة غير مدعوم."),
            429 => ("طلبات كثيرة", "أرسلت طلبات كثيرة في وقت قصير. يرجى الانتظار قليلاً ثم المحاولة مجدداً."),
            503 => ("الخدمة غير متاحة مؤقتاً", "الموقع مشغول الآن. يرجى المحاولة بعد قليل."),
            _ when Code >= 500 => ("حدث خطأ", "حدث خطأ غير متوقع من جهتنا، وقد سُجّل لنعالجه. يرجى المحاولة بعد قليل."),
            _ => ("تعذر إتمام الطلب", "تعذر إتمام طلبك. يرجى المحاولة مجدداً."),
        };
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            // Visited directly (/status/404): answer with that status too, so nothing caches an error page as a 200.
            Response.StatusCode = Code;
        }
    }
}
