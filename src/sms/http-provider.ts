import { SmsSendError, type SmsOutgoing, type SmsProvider } from './provider.js';

export interface HttpBrandnameConfig {
  url: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  timeoutMs: number;
}

/** CodeResult values worth another try: 99 = gateway-side error, 103 = account out of credit. */
const retryableCodes = new Set(['99', '103']);

/**
 * A Vietnamese brandname gateway in eSMS's JSON style: one POST per message with ApiKey,
 * SecretKey, Phone, Content, Brandname, SmsType 2 (customer care), IsUnicode and RequestId (the
 * outbox row id: the gateway refuses to send the same RequestId twice, which makes a repeated send
 * after a crash harmless). CodeResult "100" means accepted, with the gateway's SMSID.
 */
export class HttpBrandnameProvider implements SmsProvider {
  readonly name = 'http';

  constructor(private readonly config: HttpBrandnameConfig) {}

  async send(message: SmsOutgoing): Promise<{ providerMessageId: string }> {
    const response = await this.post({
      ApiKey: this.config.apiKey,
      SecretKey: this.config.secretKey,
      Phone: message.to,
      Content: message.body,
      Brandname: this.config.brandname,
      SmsType: '2',
      IsUnicode: message.unicode ? '1' : '0',
      RequestId: message.idempotencyKey,
    });
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new SmsSendError(`HTTP_${response.status}`, true, `gateway answered HTTP ${response.status}`);
    }
    if (!response.ok) throw new SmsSendError(`HTTP_${response.status}`, false, `gateway answered HTTP ${response.status}`);
    const result = await readJson(response);
    const code = String(result.CodeResult ?? '');
    if (code === '100' && result.SMSID !== undefined && result.SMSID !== null && String(result.SMSID) !== '') {
      return { providerMessageId: String(result.SMSID) };
    }
    // Gateways sometimes echo the number in their message: digits runs are blanked before storing.
    const detail = typeof result.ErrorMessage === 'string' ? `: ${result.ErrorMessage.replace(/\+?\d[\d\s.]{7,}\d/g, '***').slice(0, 200)}` : '';
    throw new SmsSendError(`CODE_${code || 'MISSING'}`, retryableCodes.has(code), `gateway refused, CodeResult ${code || '(none)'}${detail}`);
  }

  private async post(payload: Record<string, string>): Promise<Response> {
    try {
      return await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (timedOut) throw new SmsSendError('TIMEOUT', true, `no answer from the gateway within ${this.config.timeoutMs} ms`);
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new SmsSendError('UNREACHABLE', true, `gateway unreachable: ${reason}`);
    }
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new SmsSendError('BAD_RESPONSE', true, 'gateway answer is not a JSON object');
}
