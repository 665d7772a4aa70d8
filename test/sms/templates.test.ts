import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSmsTemplates, loadSmsTemplates, resolutionText } from '../../src/sms/templates.js';

describe('SMS templates', () => {
  it('given no templates file, then the resolution template is the seed text exactly', () => {
    expect(loadSmsTemplates(undefined)['ticket.resolved']).toEqual({ text: resolutionText });
    expect(defaultSmsTemplates['ticket.received'].text).toContain('{receiptCode}');
  });

  it('given a file overriding one event with unaccent, then that event changes and the other keeps its default', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sms-templates-'));
    const file = path.join(dir, 'templates.json');
    writeFileSync(file, JSON.stringify({ 'ticket.resolved': { text: 'Phiếu {receiptCode} đã giải quyết', unaccent: true } }));
    const templates = loadSmsTemplates(file);
    expect(templates['ticket.resolved']).toEqual({ text: 'Phiếu {receiptCode} đã giải quyết', unaccent: true });
    expect(templates['ticket.received']).toEqual(defaultSmsTemplates['ticket.received']);
  });

  it('given a file with an entry lacking text, then loading fails naming the event', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sms-templates-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ 'ticket.received': { unaccent: true } }));
    expect(() => loadSmsTemplates(file)).toThrow(/ticket\.received/);
  });
});
