// Headline suggestions for the reader's search boxes, as an ARIA 1.2 combobox with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/examples/combobox-autocomplete-list/).
// Progressive enhancement only: without this script each box is a plain GET form to /search, and with it
// the form still submits as before unless the reader picks a suggestion. No dependencies, no build step.
(() => {
    'use strict';

    const MIN_CHARS = 2;
    const DEBOUNCE_MS = 200;
    const CACHE_SIZE = 30;

    // Only same-site paths: a suggestion never sends the reader to another origin.
    const isLocalPath = url => typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');

    // Whole sentences per count, as the server does (Arabic nouns change with the number).
    const announce = n => n === 1 ? 'اقتراح واحد. استخدم السهمين للتنقل.'
        : n === 2 ? 'اقتراحان. استخدم السهمين للتنقل.'
        : n <= 10 ? `${n} اقتراحات. استخدم السهمين للتنقل.`
        : `${n} اقتراحاً. استخدم السهمين للتنقل.`;

    let boxes = 0;

    const enhance = input => {
        const endpoint = input.dataset.suggest;
        if (!endpoint || input.getAttribute('role') === 'combobox') return;
        boxes += 1;
        if (!input.id) input.id = `search-box-${boxes}`;

        const listbox = document.createElement('ul');
        listbox.id = `${input.id}-suggestions`;
        listbox.className = 'suggestions';
        listbox.setAttribute('role', 'listbox');
        listbox.setAttribute('aria-label', 'اقتراحات البحث');
        listbox.hidden = true;
        const status = document.createElement('span');
        status.className = 'visually-hidden';
        status.setAttribute('role', 'status');
        input.parentElement.classList.add('has-suggestions');
        input.after(listbox);
        listbox.after(status);

        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-expanded', 'false');
        input.setAttribute('aria-controls', listbox.id);

        const cache = new Map();
        let items = [];
        let active = -1;
        let timer = 0;
        let controller = null;

        const isOpen = () => !listbox.hidden;

        const setActive = index => {
            const options = listbox.children;
            if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
            active = index;
            if (active >= 0 && options[active]) {
                options[active].setAttribute('aria-selected', 'true');
                input.setAttribute('aria-activedescendant', options[active].id);
                options[active].scrollIntoView({ block: 'nearest' });
            } else {
                input.removeAttribute('aria-activedescendant');
            }
        };

        const close = () => {
            setActive(-1);
            listbox.hidden = true;
            input.setAttribute('aria-expanded', 'false');
        };

        const open = () => {
            if (items.length === 0) return;
            listbox.hidden = false;
            input.setAttribute('aria-expanded', 'true');
        };

        const render = suggestions => {
            items = suggestions;
            active = -1;
            input.removeAttribute('aria-activedescendant');
            listbox.replaceChildren(...items.map((item, i) => {
                const option = document.createElement('li');
                option.id = `${listbox.id}-${i}`;
                option.setAttribute('role', 'option');
                option.setAttribute('aria-selected', 'false');
                option.dir = 'auto';
                option.textContent = item.headline;
                return option;
            }));
            if (items.length === 0) {
                close();
                status.textContent = '';
            } else {
                open();
                status.textContent = announce(items.length);
            }
        };

        const choose = index => {
            const item = items[index];
            if (!item) return;
            input.value = item.headline;
            close();
            window.location.assign(item.url);
        };

        const clean = data => (Array.isArray(data) ? data : [])
            .filter(s => s && typeof s.headline === 'string' && s.headline && isLocalPath(s.url))
            .map(s => ({ headline: s.headline, url: s.url }));

        const load = async query => {
            if (cache.has(query)) {
                render(cache.get(query));
                return;
            }
            controller?.abort();
            controller = new AbortController();
            try {
                const response = await fetch(`${endpoint}?q=${encodeURIComponent(query)}`, {
                    headers: { Accept: 'application/json' },
                    signal: controller.signal,
                });
                if (!response.ok) {
                    close();
                    return;
                }
                const suggestions = clean(await response.json());
                if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value);
                cache.set(query, suggestions);
                // The reader may have typed on while this was in flight.
                if (input.value.trim() === query && document.activeElement === input) render(suggestions);
            } catch (error) {
                if (error.name !== 'AbortError') close();
            }
        };

        input.addEventListener('input', () => {
            clearTimeout(timer);
            const query = input.value.trim();
            if (query.length < MIN_CHARS) {
                controller?.abort();
                items = [];
                close();
                return;
            }
            timer = setTimeout(() => load(query), DEBOUNCE_MS);
        });

        input.addEventListener('keydown', event => {
            if (event.isComposing || event.ctrlKey || event.metaKey) return;
            switch (event.key) {
                case 'ArrowDown':
                    if (items.length === 0) return;
                    event.preventDefault();
                    if (!isOpen()) {
                        open();
                        setActive(event.altKey ? -1 : 0);
                    } else if (!event.altKey) {
                        setActive(active + 1 < items.length ? active + 1 : 0);
                    }
                    break;
                case 'ArrowUp':
                    if (items.length === 0) return;
                    event.preventDefault();
                    if (!isOpen()) open();
                    setActive(active > 0 ? active - 1 : items.length - 1);
                    break;
                case 'Enter':
                    // Without a chosen suggestion, Enter submits the form as it always did.
                    if (isOpen() && active >= 0) {
                        event.preventDefault();
                        choose(active);
                    } else {
                        close();
                    }
                    break;
                case 'Escape':
                    if (isOpen()) {
                        event.preventDefault();
                        close();
                    }
                    break;
                case 'Tab':
                    close();
                    break;
                default:
                    break;
            }
        });

        input.addEventListener('blur', close);
        input.form?.addEventListener('submit', close);

        // Keep focus in the box while the pointer is down on a suggestion, so blur does not close the list first.
        listbox.addEventListener('mousedown', event => event.preventDefault());
        listbox.addEventListener('click', event => {
            const option = event.target.closest('[role="option"]');
            if (option) choose([...listbox.children].indexOf(option));
        });
    };

    document.querySelectorAll('input[data-suggest]').forEach(enhance);
})();
