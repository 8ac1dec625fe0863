// "نسخ الرابط" on article pages. Without this script it is a plain link to the article itself (a long press copies
// it on a phone); with it, a click copies the address and says so. No dependencies, no build step.
(() => {
    'use strict';
    for (const link of document.querySelectorAll('a[data-copy-link]')) {
        const label = link.textContent;
        link.addEventListener('click', async event => {
            if (!navigator.clipboard) {
                return;
            }
            event.preventDefault();
            try {
                await navigator.clipboard.writeText(link.href);
                link.textContent = 'تم نسخ الرابط';
            } catch {
                link.textContent = 'تعذّر النسخ';
            }
            setTimeout(() => { link.textContent = label; }, 2500);
        });
    }
})();
