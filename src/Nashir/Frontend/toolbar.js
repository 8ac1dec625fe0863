// The editor's toolbar: Arabic labels, aria-pressed for formats, and the WAI-ARIA toolbar keyboard pattern
// (one Tab stop; arrow keys move between buttons in reading direction; Home/End; Escape returns to the text).

const LINK_PROMPT = 'عنوان الرابط (يبدأ بـ https:// أو http://):';
const LINK_REJECTED = 'لم يُضف الرابط: يُقبل فقط عنوان ويب يبدأ بـ https:// أو http://';

/** True for an absolute http(s) URL with a host; the only links the prompt accepts. */
export function isWebUrl(value) {
    try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
        return false;
    }
}

const BUTTONS = [
    { label: 'غامق', keys: 'Ctrl+B', run: c => c.toggleBold(), pressed: e => e.isActive('bold') },
    { label: 'عنوان فرعي', run: c => c.toggleHeading({ level: 2 }), pressed: e => e.isActive('heading', { level: 2 }), group: true },
    { label: 'عنوان أصغر', run: c => c.toggleHeading({ level: 3 }), pressed: e => e.isActive('heading', { level: 3 }) },
    { label: 'قائمة نقطية', run: c => c.toggleBulletList(), pressed: e => e.isActive('bulletList'), group: true },
    { label: 'قائمة مرقمة', run: c => c.toggleOrderedList(), pressed: e => e.isActive('orderedList') },
    { label: 'اقتباس', run: c => c.toggleBlockquote(), pressed: e => e.isActive('blockquote') },
    { label: 'رابط', action: promptForLink, group: true },
    { label: 'إزالة الرابط', run: c => c.extendMarkRange('link').unsetLink(), enabled: e => e.isActive('link') },
    { label: 'تراجع', keys: 'Ctrl+Z', run: c => c.undo(), enabled: e => e.can().undo(), group: true },
    { label: 'إعادة', keys: 'Ctrl+Shift+Z', run: c => c.redo(), enabled: e => e.can().redo() },
];

export function createToolbar(editor, { label }) {
    const toolbar = document.createElement('div');
    toolbar.className = 'rich-editor-toolbar';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', label ? `أدوات تنسيق: ${label}` : 'أدوات التنسيق');

    const buttons = BUTTONS.map((spec, index) => {
        const button = document.createElement('button');
        button.type = 'button'; // inside the article form: never a submit button
        button.textContent = spec.label;
        button.setAttribute('aria-label', spec.label);
        if (spec.keys) {
            button.title = `${spec.label} (${spec.keys})`;
            button.setAttribute('aria-keyshortcuts', spec.keys.replace('Ctrl', 'Control'));
        }
        if (spec.pressed) button.setAttribute('aria-pressed', 'false');
        if (spec.group) button.classList.add('group-start');
        button.tabIndex = index === 0 ? 0 : -1;
        // Keep the text selection: a mouse press would otherwise move focus out of the editor first.
        button.addEventListener('mousedown', event => event.preventDefault());
        button.addEventListener('click', () => {
            if (button.getAttribute('aria-disabled') === 'true') return;
            if (spec.action) spec.action(editor);
            else spec.run(editor.chain().focus()).run();
        });
        toolbar.append(button);
        return { button, spec };
    });

    toolbar.addEventListener('keydown', event => {
        const current = buttons.findIndex(b => b.button === event.target);
        if (current < 0) return;
        const rtl = getComputedStyle(toolbar).direction === 'rtl';
        const next = { ArrowLeft: rtl ? 1 : -1, ArrowRight: rtl ? -1 : 1 }[event.key];
        let target = null;
        if (next) target = (current + next + buttons.length) % buttons.length;
        else if (event.key === 'Home') target = 0;
        else if (event.key === 'End') target = buttons.length - 1;
        else if (event.key === 'Escape') {
            event.preventDefault();
            editor.commands.focus();
            return;
        }
        if (target === null) return;
        event.preventDefault();
        focusButton(target);
    });

    // Alt+F10 from the text jumps to the toolbar, as in most desktop editors.
    editor.view.dom.addEventListener('keydown', event => {
        if (event.altKey && event.key === 'F10') {
            event.preventDefault();
            buttons.find(b => b.button.tabIndex === 0)?.button.focus();
        }
    });

    function focusButton(index) {
        buttons.forEach((b, i) => { b.button.tabIndex = i === index ? 0 : -1; });
        buttons[index].button.focus();
    }

    function refresh() {
        for (const { button, spec } of buttons) {
            if (spec.pressed) button.setAttribute('aria-pressed', String(spec.pressed(editor)));
            if (spec.enabled) button.setAttribute('aria-disabled', String(!spec.enabled(editor)));
        }
    }
    editor.on('transaction', refresh);
    editor.on('focus', refresh);
    refresh();

    return toolbar;
}

function promptForLink(editor) {
    const current = editor.getAttributes('link').href;
    const answer = window.prompt(LINK_PROMPT, current ?? 'https://');
    if (answer === null) {
        editor.commands.focus();
        return;
    }
    const url = answer.trim();
    if (url === '' || url === 'https://') {
        editor.chain().focus().extendMarkRange('link').unsetLink().run();
        return;
    }
    if (!isWebUrl(url)) {
        window.alert(LINK_REJECTED);
        editor.commands.focus();
        return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
        // Nothing selected: insert the address itself as the link text.
        chain.insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] }).run();
    } else {
        chain.setLink({ href: url }).run();
    }
}
