import { AppError } from '../../../src/errors';
import { segment } from '../../../src/graph/graph-request';

describe('segment (one URL path segment for Graph)', () => {
  it('encodes ids and sign-in names, including characters outside ASCII', () => {
    expect(segment('meganb@contoso.example')).toBe('meganb%40contoso.example');
    expect(segment('jürgen/ü?#')).toBe('j%C3%BCrgen%2F%C3%BC%3F%23');
    expect(segment('😀@contoso.example')).toBe('%F0%9F%98%80%40contoso.example');
  });

  it.each(['a\ud800b@contoso.example', '\udc00', 'end\ud83d'])(
    'refuses text with an unpaired surrogate (%#) as a bad request, not a URIError',
    (value) => {
      let thrown: unknown;
      try {
        segment(value);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('bad_request');
    },
  );
});
