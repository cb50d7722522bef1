// CommonJS stand-in for strip-bom 5 (ESM-only), which @microsoft/app-manifest require()s.
// Node 20.19+ can require ESM, but Jest's module loader cannot, so Jest maps strip-bom here.
'use strict';
function stripBom(text) {
  if (typeof text !== 'string') {
    throw new TypeError(`Expected a string, got ${typeof text}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
module.exports = stripBom;
module.exports.default = stripBom;
module.exports.__esModule = true;
