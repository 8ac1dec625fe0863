// Draft autosave for the article form: posts the whole form (antiforgery token included) to
// form.dataset.autosaveUrl every 10 s while something changed, and when the tab is hidden; the server answers
// 204. Also warns before leaving with changes that are neither saved nor being submitted.

const SAVING = 'جارٍ الحفظ التلقائي…';
const SAVED_AT = 'حُفظت المسودة تلقائياً الساعة ';
const FAILED = 'تعذر الحفظ التلقائي، سيُعاد المحاولة';
const DEFAULT_INTERVAL_MS = 10_000;

export function startAutosave(form, { sync, status, onEditorChange }) {
    const url = form.dataset.autosaveUrl;
    // data-autosave-interval-ms exists for tests; pages leave it out.
    const interval = Number(form.dataset.autosaveIntervalMs) > 0 ? Number(form.dataset.autosaveIntervalMs) : DEFAULT_INTERVAL_MS;

    // Versions rather than a flag: a change made while a save is in flight stays unsaved.
    let changed = 0;
    let saved = 0;
    let saving = false;
    let submitting = false;
    const markChanged = () => { changed++; };
    const unsaved = () => changed !== saved;

    onEditorChange(markChanged);
    form.addEventListener('input', markChanged);
    form.addEventListener('change', markChanged);

    form.addEventListener('submit', event => {
        sync();
        submitting = true;
        // Another handler may still cancel this submission; then the page stays and autosave goes on.
        setTimeout(() => { if (event.defaultPrevented) submitting = false; }, 0);
    });

    window.addEventListener('beforeunload', event => {
        if (submitting || !unsaved()) return;
        event.preventDefault();
        event.returnValue = ''; // older browsers need it set to show the dialog
    });

    if (!url) return;

    async function save() {
        if (saving || submitting || !unsaved()) return;
        saving = true;
        const version = changed;
        show(SAVING);
        try {
            sync();
            const body = new FormData(form);
            // A chosen upload is sent once, with the real submit, not again every few seconds.
            for (const [name, value] of [...body]) if (value instanceof File) body.delete(name);
            const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin' });
            // A redirect means the session ended (the login page answered 200): nothing was saved.
            if (!response.ok || response.redirected) throw new Error(`Autosave answered ${response.status}`);
            saved = version;
            show(SAVED_AT, timeOfDay(new Date()));
        } catch (error) {
            console.warn('Autosave failed; will retry.', error);
            show(FAILED);
        } finally {
            saving = false;
        }
    }

    function show(text, time) {
        status.textContent = text;
        if (time) {
            // Isolated so "14:05" keeps its order inside the Arabic sentence.
            const bdi = document.createElement('bdi');
            bdi.textContent = time;
            status.append(bdi);
        }
    }

    setInterval(save, interval);
    document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'hidden') save();
    });
}

function timeOfDay(date) {
    const two = n => String(n).padStart(2, '0');
    return `${two(date.getHours())}:${two(date.getMinutes())}`;
}
