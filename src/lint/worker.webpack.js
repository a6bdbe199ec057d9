// Merged by jupyter-builder into the labextension build (package.json "jupyterlab.webpackConfig"):
// the esbuild-bundled lint worker is emitted as a plain file in static/, not parsed as a module,
// so `new URL('./lint-worker.js', import.meta.url)` in lib/lint/plugin.js resolves to its URL.
module.exports = {
  module: {
    rules: [
      {
        test: /[\\/]lib[\\/]lint[\\/]lint-worker\.js$/,
        type: 'asset/resource',
        generator: { filename: 'lint-worker.[contenthash].js' }
      }
    ]
  }
};
