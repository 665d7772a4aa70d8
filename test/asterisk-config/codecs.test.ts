import { describe, expect, it } from 'vitest';
import { renderAsteriskConfig, requiredEnv, sectionLines } from './render.js';

/** Issue 11, item 11: A-law end to end; opus only where the image can transcode it (codec_opus). */
describe('asterisk-config codecs, as rendered by docker-entrypoint.sh', () => {
  const allow = (lines: string[]) => lines.filter((l) => l.startsWith('allow = ')).map((l) => l.slice('allow = '.length));

  it('given the default settings, when the configuration is rendered, then operator phones and the trunk offer A-law first, in their own order, and never opus', () => {
    const rendered = renderAsteriskConfig(requiredEnv);
    expect(rendered.status, rendered.stderr).toBe(0);
    const pjsip = rendered.file('pjsip.conf');
    const desk = sectionLines(pjsip, '[op-endpoint](!)');
    expect(allow(desk)).toEqual(['alaw,ulaw,g722']);
    expect(desk).toContain('outgoing_call_offer_pref = local');
    expect(allow(sectionLines(pjsip, '[op-endpoint-soft](!,op-endpoint)'))).toEqual(['!all,alaw,ulaw,g722']);
    const trunk = sectionLines(pjsip, '[trunk]');
    expect(allow(trunk)).toEqual(['alaw,ulaw']);
    expect(trunk).toContain('outgoing_call_offer_pref = local');
    const effective = pjsip.split('\n').filter((l) => !l.trimStart().startsWith(';'));
    expect(effective.filter((l) => /opus/.test(l.replace(/;.*$/, '')))).toEqual([]);
  });

  it('given SIP_OPUS=yes on an image without codec_opus, when the configuration is rendered, then opus stays off and the log says why', () => {
    const rendered = renderAsteriskConfig({ ...requiredEnv, SIP_OPUS: 'yes' });
    expect(rendered.status, rendered.stderr).toBe(0);
    expect(rendered.stderr).toContain('codec_opus.so is missing: opus is NOT offered');
    expect(allow(sectionLines(rendered.file('pjsip.conf'), '[op-endpoint](!)'))).toEqual(['alaw,ulaw,g722']);
  });

  it('given SIP_OPUS=yes on an image that ships codec_opus, when the configuration is rendered, then operator phones also allow opus, softphones first', () => {
    const rendered = renderAsteriskConfig({ ...requiredEnv, SIP_OPUS: 'yes' }, { modules: ['codec_opus.so'] });
    expect(rendered.status, rendered.stderr).toBe(0);
    const pjsip = rendered.file('pjsip.conf');
    expect(allow(sectionLines(pjsip, '[op-endpoint](!)'))).toEqual(['alaw,ulaw,g722', 'opus']);
    expect(allow(sectionLines(pjsip, '[op-endpoint-soft](!,op-endpoint)'))).toEqual(['!all,alaw,ulaw,g722', '!all,opus,alaw,ulaw,g722']);
  });
});
