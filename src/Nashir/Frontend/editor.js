// Newsroom rich-text editor. Progressive enhancement of `<textarea data-rich-editor>`: the textarea stays in
// the form (hidden) and receives the editor's HTML on every change, so the form posts exactly as it does
// without JavaScript. Also starts the form's autosave (autosave.js), with or without the rich editor.
import { Editor, Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { createToolbar, isWebUrl } from './toolbar.js';
import { startAutosave } from './autosave.js';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

// Each block (paragraph, heading, list item, quote) is shown in the direction of most of its letters, as the server
// stores it (TextDirection in Nashir.Arabic, applied by BodySanitizer): «BBC نقلت عن مصادر…» stays right to left,
// where dir="auto" or unicode-bidi: plaintext (first strong letter) would turn it. A block with no letters inherits.
// Shown with decorations, not stored attributes: the direction follows the text as it is typed, and the server
// decides what is saved, so a dir pasted in from elsewhere cannot pin a paragraph.
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const LETTER = /\p{L}/u;

function direction(text) {
    let rtl = 0, ltr = 0;
    for (const ch of text) {
        if (!LETTER.test(ch)) continue;
        if (RTL.test(ch)) rtl++;
        else ltr++;
    }
    if (rtl === 0 && ltr === 0) return null;
    return ltr > rtl ? 'ltr' : 'rtl';
}

const DIRECTED = new Set(['paragraph', 'heading', 'listItem', 'blockquote']);

function directions(doc) {
    const decorations = [];
    doc.descendants((node, pos) => {
        if (!DIRECTED.has(node.type.name)) return true;
        const dir = direction(node.textContent);
        if (dir) decorations.push(Decoration.node(pos, pos + node.nodeSize, { dir }));
        return true;
    });
    return DecorationSet.create(doc, decorations);
}

const LetterDirection = Extension.create({
    name: 'letterDirection',
    addProseMirrorPlugins() {
        return [new Plugin({
            key: new PluginKey('letterDirection'),
            state: {
                init: (_, state) => directions(state.doc),
                apply: (tr, old) => (tr.docChanged ? directions(tr.doc) : old),
            },
            props: { decorations(state) { return this.getState(state); } },
        })];
    },
});

// What the editor's schema cannot hold: the body sanitizer allows these, and the editor would drop them (with
// their content) on the first save. Such a body stays in the plain textarea, as HTML, rather than lose them.
const UNSUPPORTED = 'img, picture, video, audio, iframe, embed, object, table, figure, hr, blockquote[class]';
const PLAIN_NOTICE = 'يحوي هذا النص صوراً أو تضمينات أو جداول لا يعرضها المحرر المنسّق، فيُحرَّر هنا بصيغة HTML حفاظاً عليها.';

const compact = text => text.replace(/\s+/g, '');

/** Mounts the editor after the textarea; returns null (textarea left as it is) when the body needs HTML. */
function mount(textarea, status) {
    const original = new DOMParser().parseFromString(textarea.value, 'text/html').body;
    if (original.querySelector(UNSUPPORTED)) return null;
    const label = textarea.id ? document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`) : null;
    if (label && !label.id) label.id = `${textarea.id}-label`;

    const wrapper = document.createElement('div');
    wrapper.className = 'rich-editor';
    wrapper.dir = 'rtl';
    const surface = document.createElement('div');
    surface.className = 'rich-editor-surface';

    const attributes = {
        class: 'rich-editor-content',
        role: 'textbox',
        'aria-multiline': 'true',
        spellcheck: 'true',
    };
    if (label) attributes['aria-labelledby'] = label.id;
    else attributes['aria-label'] = 'نص الخبر';
    for (const name of ['aria-describedby', 'aria-invalid', 'aria-required'])
        if (textarea.hasAttribute(name)) attributes[name] = textarea.getAttribute(name);

    const editor = new Editor({
        element: surface,
        content: textarea.value,
        // The styles ProseMirror needs are in editor.css: an injected <style> would break under a strict CSP.
        injectCSS: false,
        extensions: [
            StarterKit.configure({
                heading: { levels: [2, 3] },
                // Arabic has no italic tradition (STYLE.md); the rest have no place in a news body.
                italic: false,
                strike: false,
                underline: false,
                code: false,
                codeBlock: false,
                horizontalRule: false,
                link: {
                    openOnClick: false,
                    defaultProtocol: 'https',
                    protocols: [],
                    // Web links only; a site-relative path from older bodies survives a round trip.
                    isAllowedUri: url => isWebUrl(url) || /^\/(?!\/)/.test(url ?? ''),
                    HTMLAttributes: { target: null, rel: null, class: null },
                },
            }),
            LetterDirection,
        ],
        editorProps: { attributes },
    });

    // Last guard against silent loss: the editor must show every letter the stored body has.
    if (compact(editor.getText()) !== compact(original.textContent)) {
        editor.destroy();
        return null;
    }

    // The editor keeps an empty paragraph after a closing heading, list or quote so the writer can type on;
    // it is not part of the story.
    const sync = () => { textarea.value = editor.isEmpty ? '' : editor.getHTML().replace(/(<p><\/p>)+$/, ''); };
    editor.on('update', sync);

    const toolbar = createToolbar(editor, { label: label?.textContent.trim() });
    wrapper.append(toolbar, ...(status ? [status] : []), surface);
    textarea.after(wrapper);
    // A hidden required field would block submission with a message nobody can see; the server checks the body.
    textarea.required = false;
    textarea.hidden = true;
    sync();

    label?.addEventListener('click', event => {
        event.preventDefault();
        editor.commands.focus();
    });

    return { editor, sync };
}

function explainPlainTextarea(textarea) {
    const notice = document.createElement('p');
    notice.className = 'hint rich-editor-notice';
    notice.id = `${textarea.id || 'body'}-plain-notice`;
    notice.textContent = PLAIN_NOTICE;
    textarea.after(notice);
    const described = textarea.getAttribute('aria-describedby');
    textarea.setAttribute('aria-describedby', described ? `${described} ${notice.id}` : notice.id);
    return notice;
}

function start() {
    const forms = new Map();
    for (const textarea of document.querySelectorAll('textarea[data-rich-editor]')) {
        const form = textarea.form;
        const entry = forms.get(form) ?? { syncs: [], editors: [], status: null };
        forms.set(form, entry);
        // One status line per form, under the first editor's toolbar (or under the plain textarea).
        const status = entry.status ? null : document.createElement('p');
        if (status) {
            status.className = 'rich-editor-status';
            status.setAttribute('aria-live', 'polite');
            entry.status = status;
        }
        let plainAfter = textarea;
        try {
            const mounted = mount(textarea, status);
            if (mounted) {
                entry.syncs.push(mounted.sync);
                entry.editors.push(mounted.editor);
                plainAfter = null;
            } else {
                plainAfter = explainPlainTextarea(textarea);
            }
        } catch (error) {
            // The plain textarea still works: show it again rather than leave the form without a body field.
            textarea.hidden = false;
            const leftover = textarea.nextElementSibling;
            if (leftover?.classList.contains('rich-editor')) leftover.remove();
            console.error('Rich-text editor failed to start; using the plain text area.', error);
        }
        if (plainAfter && status) plainAfter.after(status);
    }

    for (const [form, entry] of forms) {
        if (!form) continue;
        startAutosave(form, {
            sync: () => entry.syncs.forEach(sync => sync()),
            status: entry.status,
            onEditorChange: listener => entry.editors.forEach(editor => editor.on('update', listener)),
        });
    }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
