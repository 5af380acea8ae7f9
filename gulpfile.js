// Copies what n8n loads beside the compiled code: the SVG icons, the codex files (*.node.json) and
// the output schemas (__schema__/, which the editor shows before an action runs); tsc does the rest.
const { src, dest, parallel } = require('gulp');

function nodeAssets() {
	return src(['nodes/**/*.{svg,node.json}', 'nodes/**/__schema__/**/*.json']).pipe(dest('dist/nodes'));
}

function credentialIcons() {
	return src('credentials/**/*.svg').pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(nodeAssets, credentialIcons);
