// restify 11 touches process.binding('http_parser') (DEP0111) on Node 20; the warning is noise in
// test output. Production silences the same warning with --disable-warning=DEP0111.
'use strict';
process.noDeprecation = true;
