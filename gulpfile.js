// Copies the SVG icons and the codex files (*.node.json) next to the compiled code; tsc does the rest.
const { src, dest, parallel } = require('gulp');

function nodeAssets() {
	return src('nodes/**/*.{svg,node.json}').pipe(dest('dist/nodes'));
}

function credentialIcons() {
	return src('credentials/**/*.svg').pipe(dest('dist/credentials'));
}

exports['build:icons'] = parallel(nodeAssets, credentialIcons);
