import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpBrandnameProvider } from '../../src/sms/http-provider.js';
import { SmsSendError } from '../../src/sms/provider.js';
import { startFakeGateway, type FakeGateway } from './fake-gateway.js';

describe('HTTP brandname gateway adapter', () => {
  let gateway: FakeGateway;
  let provider: HttpBrandnameProvider;
  const message = { to: '0912345678', body: 'Tổng đài 1022 thông báo', idempotencyKey: 'row-1', unicode: true };

  beforeAll(async () => {
    gateway = await startFakeGateway();
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.requests.length = 0;
    gateway.delivered.clear();
    gateway.script.length = 0;
    provider = new HttpBrandnameProvider({ url: gateway.url, apiKey: 'KEY', secretKey: 'SECRET', brandname: 'TONGDAI1022', timeoutMs: 300 });
  });

  it('given an accepting gateway, when sending, then an eSMS-style JSON POST goes out and SMSID comes back', async () => {
    const result = await provider.send(message);
    expect(result.providerMessageId).toBe('SMS000001');
    expect(gateway.requests).toEqual([
      {
        ApiKey: 'KEY',
        SecretKey: 'SECRET',
        Phone: '0912345678',
        Content: 'Tổng đài 1022 thông báo',
        Brandname: 'TONGDAI1022',
        SmsType: '2',
        IsUnicode: '1',
        RequestId: 'row-1',
      },
    ]);
  });

  it('given the same idempotency key twice, then the gateway delivers once and both answers carry the same id', async () => {
    const first = await provider.send(message);
    const second = await provider.send(message);
    expect(second).toEqual(first);
    expect(gateway.requests).toHaveLength(2);
    expect(gateway.delivered.size).toBe(1);
  });

  it('given CodeResult 99 (gateway error) or 103 (no credit), then a retryable SmsSendError', async () => {
    gateway.script.push({ status: 200, body: { CodeResult: '99', ErrorMessage: 'Unknown error' } });
    await expect(provider.send(message)).rejects.toMatchObject({ name: 'SmsSendError', code: 'CODE_99', retryable: true });
    gateway.script.push({ status: 200, body: { CodeResult: '103' } });
    await expect(provider.send(message)).rejects.toMatchObject({ code: 'CODE_103', retryable: true });
  });

  it('given CodeResult 101 (bad credentials) or 104 (brandname), then a permanent error without the phone or the text', async () => {
    gateway.script.push({ status: 200, body: { CodeResult: '101', ErrorMessage: 'Authorize Failed for 0912345678' } });
    const error = await provider.send(message).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsSendError);
    expect(error).toMatchObject({ code: 'CODE_101', retryable: false });
    expect((error as Error).message).not.toContain('0912345678');
    expect((error as Error).message).not.toContain('Tổng đài');
  });

  it('given HTTP 503 then 400, then retryable then permanent', async () => {
    gateway.script.push({ status: 503, body: {} });
    await expect(provider.send(message)).rejects.toMatchObject({ code: 'HTTP_503', retryable: true });
    gateway.script.push({ status: 400, body: {} });
    await expect(provider.send(message)).rejects.toMatchObject({ code: 'HTTP_400', retryable: false });
  });

  it('given a gateway that never answers, when the timeout passes, then a retryable TIMEOUT', async () => {
    gateway.script.push('hang');
    await expect(provider.send(message)).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('given nothing listening, then a retryable UNREACHABLE', async () => {
    const nowhere = new HttpBrandnameProvider({ url: 'http://127.0.0.1:1/', apiKey: 'k', secretKey: 's', brandname: 'b', timeoutMs: 500 });
    await expect(nowhere.send(message)).rejects.toMatchObject({ code: 'UNREACHABLE', retryable: true });
  });

  it('given an answer that is not JSON, then a retryable BAD_RESPONSE', async () => {
    gateway.script.push({ status: 200, body: 'x' });
    await expect(provider.send(message)).rejects.toMatchObject({ code: 'BAD_RESPONSE', retryable: true });
  });
});
