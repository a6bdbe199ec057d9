/**
 * How every browser of this project starts: Debian's Chromium (never a downloaded browser),
 * headless, with nothing that reaches out to the network. Used by playwright.config.js and by
 * the benchmarks in bench/ that drive Chromium themselves.
 */
module.exports = {
  executablePath: process.env.NBCRAFT_CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
  ]
};
