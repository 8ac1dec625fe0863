// Bundles the newsroom editor (editor.js + editor.css in this folder) into wwwroot with esbuild, and copies
// the reader site's web fonts there (fonts.mjs).
// Run by `npm run build`, which src/Nashir/Frontend.targets calls during `dotnet build`.
// The outputs are generated (see .gitignore); the licences of every bundled package are listed in
// a banner and their full texts written beside the bundle, as their MIT licences ask.
import { build } from 'esbuild';
import { buildFonts } from './fonts.mjs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const wwwroot = path.resolve(here, '../wwwroot');
const outputs = {
    js: path.join(wwwroot, 'js', 'editor.js'),
    licences: path.join(wwwroot, 'js', 'editor.js.LICENSE.txt'),
    css: path.join(wwwroot, 'css', 'editor.css'),
};

const common = {
    bundle: true,
    minify: true,
    write: false,
    metafile: true,
    // Licence texts go into the file beside the bundle instead of scattered comments.
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
    // Newsroom browsers: evergreen only; no transpiling of modern syntax beyond this.
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
};

const js = await build({
    ...common,
    entryPoints: [path.join(here, 'editor.js')],
    format: 'iife',
    charset: 'utf8',
});
const css = await build({
    ...common,
    entryPoints: [path.join(here, 'editor.css')],
    charset: 'utf8',
});

const packages = await bundledPackages(js.metafile);
const banner = `/*! Nashir newsroom editor. Bundles: ${packages.map(p => `${p.name}@${p.version} (${p.license})`).join(', ')}.`
    + ` Licence texts: editor.js.LICENSE.txt */\n`;
const licenceTexts = packages.map(p => `${p.name}@${p.version} — ${p.license}\n\n${p.text ?? `(no licence file in the package; its package.json says ${p.license})`}\n`)
    .join('\n' + '-'.repeat(72) + '\n\n');

await writeAtomically(outputs.js, banner + js.outputFiles[0].text);
await writeAtomically(outputs.licences, licenceTexts);
await writeAtomically(outputs.css, css.outputFiles[0].text);

const fonts = await buildFonts({ root, wwwroot, writeAtomically });

for (const file of [...Object.values(outputs), ...fonts])
    console.log(`${path.relative(root, file)}  ${(await readFile(file)).length} bytes`);

// The npm packages whose files ended up in the bundle, with their licence (package.json) and its text.
async function bundledPackages(metafile) {
    const dirs = new Map();
    for (const input of Object.keys(metafile.inputs)) {
        const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
        if (match) dirs.set(match[1], true);
    }
    const result = [];
    for (const dir of dirs.keys()) {
        const full = path.resolve(root, dir);
        const manifest = JSON.parse(await readFile(path.join(full, 'package.json'), 'utf8'));
        const licenceFile = (await readdir(full)).find(f => /^(licen[cs]e|copying)(\..*)?$/i.test(f));
        result.push({
            name: manifest.name,
            version: manifest.version,
            license: manifest.license ?? 'UNKNOWN',
            text: licenceFile ? (await readFile(path.join(full, licenceFile), 'utf8')).trim() : null,
        });
    }
    const unexpected = result.filter(p => p.license !== 'MIT');
    if (unexpected.length)
        throw new Error(`Bundled packages with a licence other than MIT (check before shipping): ${unexpected.map(p => `${p.name} ${p.license}`).join(', ')}`);
    return result.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

// Two builds at once (an IDE and a terminal) must never leave a half-written bundle behind.
async function writeAtomically(file, text) {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, text);
    await rename(temp, file);
}
