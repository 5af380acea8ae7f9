// Removes the given folders (cross-platform `rm -rf` without a dependency).
const { rmSync } = require('node:fs');

for (const folder of process.argv.slice(2)) rmSync(folder, { recursive: true, force: true });
