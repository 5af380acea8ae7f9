// Copies the SVG icons next to the compiled nodes and credentials; tsc does everything else.
const { src, dest } = require('gulp');

function copyIcons() {
	src('nodes/**/*.svg').pipe(dest('dist/nodes'));
	return src('credentials/**/*.svg').pipe(dest('dist/credentials'));
}

exports['build:icons'] = copyIcons;
