import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/fallback/manifest.js';
import { renderAsteriskConfig, requiredEnv } from './render.js';

/**
 * Issue 11 item 11 / issue 17: the fallback's manifest lines are written by the dialplan and read by the app. This
 * evaluates the rendered dialplan's FILE() writes with a call's channel values (a tiny stand-in for Asterisk's
 * variable substitution: ${VAR}, CHANNEL(), CALLERID(), FILTER(), STRFTIME()) and reads the result with the app's
 * parser, so the two cannot drift apart.
 */
describe('the rendered fallback dialplan and the app\'s manifest parser', () => {
  const rendered = renderAsteriskConfig(requiredEnv);
  const dialplan = rendered.file('extensions.conf');
  const context = (name: string) => {
    const start = dialplan.indexOf(`\n[${name}]`);
    const end = dialplan.indexOf('\n[', start + 1);
    return start < 0 ? '' : dialplan.slice(start, end < 0 ? undefined : end);
  };

  /** Asterisk's FILTER() character set: single characters and a-z ranges. */
  const filter = (allowed: string, value: string) => {
    const set = new Set<string>();
    for (let i = 0; i < allowed.length; i++) {
      const c = allowed[i] as string;
      if (allowed[i + 1] === '-' && i + 2 < allowed.length) {
        for (let code = c.charCodeAt(0); code <= allowed.charCodeAt(i + 2); code++) set.add(String.fromCharCode(code));
        i += 2;
      } else set.add(c);
    }
    return [...value].filter((ch) => set.has(ch)).join('');
  };

  /** Substitutes the innermost ${…} until none is left. */
  const evaluate = (template: string, values: Record<string, string>, time: string) => {
    let text = template;
    for (let guard = 0; guard < 50; guard++) {
      const match = /\$\{([^${}]*)\}/.exec(text);
      if (!match) return text;
      const inner = match[1] as string;
      const call = /^([A-Z]+)\((.*)\)$/.exec(inner);
      let value: string;
      if (!call) value = values[inner] ?? '';
      else if (call[1] === 'FILTER') value = filter(call[2]?.split(',')[0] ?? '', call[2]?.split(',').slice(1).join(',') ?? '');
      else if (call[1] === 'STRFTIME') value = call[2] === ',,%Y-%m-%dT%H:%M:%S.%3q%z' ? time : 'unsupported';
      else value = values[`${call[1]}(${call[2]})`] ?? '';
      text = text.slice(0, match.index) + value + text.slice(match.index + match[0].length);
    }
    throw new Error('unbalanced ${…}');
  };

  const writes = (ctx: string) => [...context(ctx).matchAll(/Set\(FILE\(\$\{FALLBACK_MANIFEST\},,,al,u\)=(.*)\)\s*$/gm)].map((m) => m[1] as string);

  it('given a citizen whose call the fallback took and op101 answered, when the dialplan writes its manifest, then the app reads every fact of it', () => {
    expect(rendered.status, rendered.stderr).toBe(0);
    const caller = { UNIQUEID: '1764900000.42', 'CHANNEL(linkedid)': '1764900000.42', 'CALLERID(num)': '+84 912;345/678', SERVICE_NUMBER: '1022' };
    const fallbackId = { ...caller, FALLBACK_ID: evaluate('${FILTER(-._0-9A-Za-z,${UNIQUEID})}', caller, '') };
    const [start, record, dialled] = writes('stasis-fallback');
    const [answered] = writes('fallback-answered');
    const [end] = writes('fallback-end');
    const lines = [
      evaluate(start ?? '', fallbackId, '2026-12-05T09:00:00.125+0700'),
      evaluate(record ?? '', fallbackId, '2026-12-05T09:00:14.300+0700'),
      evaluate(answered ?? '', { ...fallbackId, 'CHANNEL(name)': 'PJSIP/op101-0000002a' }, '2026-12-05T09:00:19.870+0700'),
      evaluate(dialled ?? '', { ...fallbackId, DIALSTATUS: 'ANSWER' }, '2026-12-05T09:01:20.990+0700'),
      evaluate(end ?? '', { ...fallbackId, DIALSTATUS: 'ANSWER', HANGUPCAUSE: '16' }, '2026-12-05T09:01:21.002+0700'),
    ];
    expect(parseManifest(`${lines.join('\n')}\n`)).toEqual({
      uniqueId: '1764900000.42',
      linkedId: '1764900000.42',
      callerNumber: '+84912345678',
      dialledNumber: '1022',
      startedAt: new Date('2026-12-05T02:00:00.125Z'),
      recording: { file: '1764900000.42.wav', startedAt: new Date('2026-12-05T02:00:14.300Z') },
      answered: { channel: 'PJSIP/op101-0000002a', at: new Date('2026-12-05T02:00:19.870Z') },
      dialled: { status: 'ANSWER', at: new Date('2026-12-05T02:01:20.990Z') },
      end: { dialStatus: 'ANSWER', cause: 16, at: new Date('2026-12-05T02:01:21.002Z') },
      lastEventAt: new Date('2026-12-05T02:01:21.002Z'),
    });
  });

  it('given the rendered fallback, when read, then the recording is the manifest\'s file, the hangup handler and Dial\'s U() name contexts that exist', () => {
    const fallback = context('stasis-fallback');
    expect(fallback).toContain('MixMonitor(${FALLBACK_RECORD_DIR}/${FALLBACK_ID}.wav)');
    expect(fallback).toContain('Set(__FALLBACK_MANIFEST=${FALLBACK_RECORD_DIR}/${FALLBACK_ID}.call)');
    expect(fallback).toContain('Set(CHANNEL(hangup_handler_push)=fallback-end,s,1)');
    expect(fallback).toMatch(/Dial\(\$\{FALLBACK_DIAL\},\$\{FALLBACK_TIMEOUT\},rU\(fallback-answered\)\)/);
    // The manifest's first line is written before anything can hang the caller up, the handler right after it.
    expect(fallback.indexOf('=start v=1')).toBeLessThan(fallback.indexOf('hangup_handler_push'));
    expect(fallback.indexOf('hangup_handler_push')).toBeLessThan(fallback.indexOf('Answer()'));
    expect(context('fallback-answered')).toMatch(/exten => s,1,/);
    expect(context('fallback-end')).toMatch(/exten => s,1,/);
  });
});
