import { Fn, Token } from 'cdktf';
import { lazyNodeSpec } from '../../src/node-pool/node-spec';
import { renderedEncodings } from '../../src/node-pool/pool-user-data';

const FACTS = { index: 1, name: 'tcp-charlie-default-pool-node-01', failureDomain: 'pve-b' };

describe('lazyNodeSpec', () => {
  let base64: jest.SpyInstance;
  let gzip: jest.SpyInstance;
  beforeEach(() => {
    base64 = jest.spyOn(Fn, 'base64encode');
    gzip = jest.spyOn(Fn, 'base64gzip');
  });
  afterEach(() => jest.restoreAllMocks());

  test('builds no encoding until one is read, then only that one, once', () => {
    // GIVEN
    const rendered = `#cloud-config\ntoken: ${Token.asString({ Ref: 'token' })}\n`;
    const spec = lazyNodeSpec(FACTS, renderedEncodings(rendered));
    expect(base64).not.toHaveBeenCalled();
    expect(gzip).not.toHaveBeenCalled();

    // WHEN
    const first = spec.userDataGzipBase64;
    const second = spec.userDataGzipBase64;

    // THEN
    expect(second).toBe(first);
    expect(gzip).toHaveBeenCalledTimes(1);
    expect(base64).not.toHaveBeenCalled();
  });

  test('keeps the node facts and gives every encoding to a spread copy', () => {
    // GIVEN
    const spec = lazyNodeSpec(FACTS, renderedEncodings('#cloud-config\nhostname: a\n'));

    // WHEN
    const copy = { ...spec };

    // THEN
    expect(copy).toMatchObject(FACTS);
    expect(copy.userData).toBe(spec.userData);
    expect(copy.userDataBase64).toBe(spec.userDataBase64);
    expect(copy.userDataGzipBase64).toBe(spec.userDataGzipBase64);
    expect(gzip).toHaveBeenCalledTimes(1);
  });
});
